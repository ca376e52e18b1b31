package io.slipway.supervisor;

import io.slipway.config.RestartPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/** One instance of a version: its record plus the live process and restart timer, if any. Guarded by the supervisor's lock. */
final class InstanceSlot {
    private InstanceRecord record;
    private ProcessHandle process;
    private Instant runningSince;
    private ScheduledFuture<?> pendingRestart;
    private int consecutiveCrashes;

    InstanceSlot(InstanceRecord record) {
        this.record = record;
    }

    InstanceRecord record() {
        return record;
    }

    void record(InstanceRecord updated) {
        this.record = updated;
    }

    String id() {
        return record.id();
    }

    int port() {
        return record.port();
    }

    ProcessHandle process() {
        return process;
    }

    /** Neither a live process nor a pending restart: start() may spawn it. */
    boolean idle() {
        return process == null && pendingRestart == null;
    }

    boolean isAttachedTo(ProcessHandle handle) {
        return process != null && process.pid() == handle.pid();
    }

    void attach(ProcessHandle handle, Instant now) {
        this.process = handle;
        this.runningSince = now;
    }

    void detach() {
        this.process = null;
    }

    void restartLater(ScheduledFuture<?> restart) {
        this.pendingRestart = restart;
    }

    void restartDue() {
        this.pendingRestart = null;
    }

    void cancelRestart() {
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
            pendingRestart = null;
        }
    }

    /**
     * Backoff before the next restart. A process that outlived the crash-loop window counts as
     * having been healthy, so its next crash starts again from the initial backoff.
     */
    Duration nextBackoff(RestartPolicy policy, Instant now) {
        boolean ranLong = runningSince != null
                && Duration.between(runningSince, now).compareTo(policy.crashLoopWindow()) > 0;
        consecutiveCrashes = ranLong ? 1 : consecutiveCrashes + 1;
        return CrashLoop.backoff(policy, consecutiveCrashes);
    }
}
