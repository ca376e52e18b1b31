package io.slipway.supervisor;

import io.slipway.config.AppConfig;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** The instances of one version of one app and the version's own state. Guarded by the supervisor's lock. */
final class VersionRun {
    private final AppConfig app;
    private final String version;
    private final Map<Integer, InstanceSlot> slots = new TreeMap<>();
    private final CrashLoop crashLoop;
    private String failure;
    private CompletableFuture<Void> stopped;

    VersionRun(AppConfig app, String version) {
        this.app = app;
        this.version = version;
        this.crashLoop = new CrashLoop(app.restart());
    }

    static String key(String app, String version) {
        return app + "/" + version;
    }

    String key() {
        return key(app.name(), version);
    }

    AppConfig app() {
        return app;
    }

    String version() {
        return version;
    }

    CrashLoop crashLoop() {
        return crashLoop;
    }

    InstanceSlot slot(int index) {
        return slots.get(index);
    }

    InstanceSlot add(InstanceRecord record) {
        InstanceSlot slot = new InstanceSlot(record);
        slots.put(record.index(), slot);
        return slot;
    }

    Collection<InstanceSlot> slots() {
        return slots.values();
    }

    boolean failed() {
        return failure != null;
    }

    void fail(String reason) {
        failure = reason;
        slots.values().forEach(InstanceSlot::cancelRestart);
    }

    /** A new start() after a failure is a fresh attempt. */
    void retry() {
        failure = null;
        crashLoop.reset();
    }

    boolean stopping() {
        return stopped != null;
    }

    CompletableFuture<Void> stopped() {
        return stopped;
    }

    void stopping(CompletableFuture<Void> whenStopped) {
        stopped = whenStopped;
    }

    List<Instance> instances() {
        return slots.values().stream().map(s -> s.record().toInstance()).toList();
    }

    VersionStatus status() {
        int restarts = slots.values().stream().mapToInt(s -> s.record().restarts()).sum();
        if (failure != null) {
            return new VersionStatus(VersionStatus.State.FAILED, failure, restarts);
        }
        if (stopped != null) {
            return new VersionStatus(VersionStatus.State.STOPPING, null, restarts);
        }
        return slots.values().stream().map(InstanceSlot::record)
                .filter(r -> r.state() == InstanceState.BACKOFF).findFirst()
                .map(r -> new VersionStatus(VersionStatus.State.RESTARTING, r.id() + " " + r.lastExit(), restarts))
                .orElseGet(() -> new VersionStatus(allRunning() ? VersionStatus.State.RUNNING : VersionStatus.State.STARTING,
                        null, restarts));
    }

    private boolean allRunning() {
        return slots.size() >= app.instances()
                && slots.values().stream().allMatch(s -> s.record().state() == InstanceState.RUNNING);
    }
}
