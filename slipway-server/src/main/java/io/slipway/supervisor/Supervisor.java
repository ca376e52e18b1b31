package io.slipway.supervisor;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.slipway.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.slipway.supervisor.SupervisorEvent.Kind;

/**
 * Runs each version of an app as {@code instances} OS processes, each on its own port, and
 * keeps them running: restarts with capped exponential backoff, crash-loop detection, stop of
 * whole process trees, and re-adoption of live children after a Slipway restart.
 *
 * <p>Children hold no pipe to Slipway (output is appended to per-instance log files under
 * {@code <dataDir>/logs/<app>/<version>/}) and run in their own session, so they outlive a
 * killed control plane. Every instance is recorded in the {@link InstanceStore} before it is
 * spawned and again with its pid and start instant, which is what {@link #adopt} relies on.
 *
 * <p>Thread-safe. Events are delivered to listeners on a thread of their own.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    /** For orphans of apps no longer configured: their own stopTimeout is unknown. */
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path dataDir;
    private final InstanceStore store;
    private final Clock clock;
    private final LogRotation rotation;
    private final ScheduledExecutorService scheduler;
    private final Listeners listeners = new Listeners();
    private final Map<String, VersionRun> runs = new LinkedHashMap<>();
    private boolean closed;

    /** A supervisor with the default log rotation (10 MB, keep 5). */
    public Supervisor(Path dataDir, InstanceStore store, Clock clock) {
        this(dataDir, store, clock, LogRotation.DEFAULT);
    }

    /**
     * @param dataDir where logs and default artifact dirs live; also the marker that tells our
     *                children from other Slipways' (made absolute)
     * @param clock   for crash-loop windows and event times
     */
    public Supervisor(Path dataDir, InstanceStore store, Clock clock, LogRotation rotation) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.store = store;
        this.clock = clock;
        this.rotation = rotation;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("slipway-supervisor", true));
        long every = rotation.checkEvery().toMillis();
        scheduler.scheduleWithFixedDelay(this::rotateLogs, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the version's instances; idempotent: instances already running or waiting for a
     * restart are returned as they are, only missing ones are spawned. After a failure
     * (crash loop) it is a fresh attempt.
     *
     * @throws CannotStartException when the command cannot be spawned (the version is then FAILED)
     * @throws SupervisorException  when the version is being stopped
     */
    public synchronized List<Instance> start(AppConfig app, String version) {
        requireOpen();
        VersionRun run = runs.computeIfAbsent(VersionRun.key(app.name(), version), k -> new VersionRun(app, version));
        if (run.stopping()) {
            throw new SupervisorException(run.key() + " is being stopped; start it again once stop() has completed");
        }
        if (run.failed()) {
            run.retry();
        }
        for (int index = 0; index < app.instances(); index++) {
            InstanceSlot slot = run.slot(index) != null ? run.slot(index)
                    : run.add(InstanceRecord.fresh(app.name(), version, index, FreePorts.pick(portsInUse())));
            if (slot.idle()) {
                launch(run, slot);
            }
        }
        return run.instances();
    }

    /**
     * Stops the version: SIGTERM to every instance's process tree, SIGKILL to what is left after
     * the app's {@code stopTimeout}; no restarts meanwhile. Completes when all are gone and their
     * records deleted. Works after {@link #close()} too.
     */
    public CompletableFuture<Void> stop(String app, String version) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        CompletableFuture<Void> trees;
        synchronized (this) {
            VersionRun run = runs.get(VersionRun.key(app, version));
            if (run == null) {
                return CompletableFuture.completedFuture(null);
            }
            if (run.stopping()) {
                return run.stopped();
            }
            run.stopping(stopped);
            trees = terminate(run).thenRun(() -> finishStop(run));
        }
        // Completed outside the lock: whatever callers chain onto it must not run holding it.
        trees.whenComplete((done, error) -> stopped.complete(null));
        return stopped;
    }

    /** Stops every version this supervisor runs; for demo exit and tests. */
    public CompletableFuture<Void> stopAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        synchronized (this) {
            List.copyOf(runs.values()).forEach(run -> all.add(stop(run.app().name(), run.version())));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /**
     * At startup, before any {@link #start}: re-adopts live children recorded in the store
     * (pid and start instant must match), restarts recorded instances whose process is gone,
     * forgets records of stopped versions or unknown apps, and kills processes that carry our
     * data-dir marker but have no adoptable record. Every decision is logged.
     */
    public synchronized void adopt(Collection<AppConfig> apps) {
        requireOpen();
        if (!runs.isEmpty()) {
            throw new SupervisorException("adopt() must run before any start(); already running: " + runs.keySet());
        }
        Map<String, AppConfig> byName = apps.stream().collect(Collectors.toMap(AppConfig::name, Function.identity()));
        List<MarkedProcess> marked = MarkedProcess.scan(dataDir);
        for (Adoption.Decision d : Adoption.plan(store.all(), byName.keySet(), marked)) {
            log.info("adopt decision={} instance={} pid={} why=\"{}\"", d.action(), d.instanceId(), d.pid(), d.why());
            apply(d, byName);
        }
    }

    /** The version's instances with port, pid and state; empty when it is not running here. */
    public synchronized List<Instance> instances(String app, String version) {
        VersionRun run = runs.get(VersionRun.key(app, version));
        return run == null ? List.of() : run.instances();
    }

    /** The version's state, with the reason when FAILED or RESTARTING. */
    public synchronized VersionStatus status(String app, String version) {
        VersionRun run = runs.get(VersionRun.key(app, version));
        return run == null ? VersionStatus.stopped() : run.status();
    }

    /** Where the version's log files are ({@code instance-N.log}, rotated to {@code .1} … {@code .keep}). */
    public Path logDir(String app, String version) {
        return LogFiles.dir(dataDir, app, version);
    }

    /**
     * The last {@code lines} lines of each instance's current log file, instance by instance;
     * each line is prefixed with {@code [N] } when the version has several instances.
     */
    public List<String> tailLog(String app, String version, int lines) {
        Path dir = logDir(app, version);
        try {
            return LogFiles.tailAll(dir, lines);
        } catch (IOException e) {
            throw new SupervisorException("cannot read logs of " + VersionRun.key(app, version) + " in " + dir + ": " + e, e);
        }
    }

    /** Receives every event (started, exited, restarting, crash loop, stopped, …), in order. */
    public void addListener(Consumer<SupervisorEvent> listener) {
        listeners.add(listener);
    }

    /**
     * Stops watching and restarting WITHOUT stopping the children: a control-plane restart
     * must not take apps down; the next supervisor {@link #adopt}s them.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        runs.values().forEach(run -> run.slots().forEach(InstanceSlot::cancelRestart));
        scheduler.shutdownNow();
        listeners.close();
        log.info("supervisor closed, children left running for adoption dataDir={}", dataDir);
    }

    private void launch(VersionRun run, InstanceSlot slot) {
        LaunchPlan plan = LaunchPlan.of(run.app(), run.version(), slot.record().index(), slot.port(), dataDir);
        rotate(plan.logFile());
        save(slot, slot.record().starting());
        Process process;
        try {
            process = plan.spawn();
        } catch (CannotStartException e) {
            failVersion(run, slot, e.getMessage(), Kind.START_FAILED);
            throw e;
        }
        ProcessHandle handle = process.toHandle();
        save(slot, slot.record().running(handle.pid(), handle.info().startInstant().orElse(null)));
        log.info("instance started id={} pid={} port={} log={}", slot.id(), handle.pid(), slot.port(), plan.logFile());
        emit(Kind.STARTED, slot.record(), "pid " + handle.pid() + " port " + slot.port());
        watch(run, slot, handle, process.onExit().thenApply(Process::exitValue));
    }

    private void watch(VersionRun run, InstanceSlot slot, ProcessHandle handle, CompletableFuture<Integer> exitCode) {
        slot.attach(handle, clock.instant());
        exitCode.whenComplete((code, error) -> exited(run, slot, handle, code));
    }

    private synchronized void exited(VersionRun run, InstanceSlot slot, ProcessHandle handle, Integer code) {
        if (closed || !slot.isAttachedTo(handle)) {
            return;
        }
        slot.detach();
        String exit = code == null ? "exit code unknown" : "exit code " + code;
        log.info("instance exited id={} pid={} {}", slot.id(), handle.pid(), exit);
        listeners.emit(new SupervisorEvent(Kind.EXITED, run.app().name(), run.version(), slot.id(), clock.instant(),
                exit, code, null));
        if (!run.stopping()) {
            crashed(run, slot, exit);
        }
    }

    private void crashed(VersionRun run, InstanceSlot slot, String exit) {
        Instant now = clock.instant();
        if (run.failed()) {
            save(slot, slot.record().in(InstanceState.FAILED, exit));
        } else if (run.crashLoop().recordExit(now)) {
            failVersion(run, slot, run.crashLoop().reason(exit), Kind.CRASH_LOOP);
        } else {
            Duration delay = slot.nextBackoff(run.app().restart(), now);
            save(slot, slot.record().in(InstanceState.BACKOFF, exit));
            slot.restartLater(scheduler.schedule(() -> restart(run, slot), delay.toMillis(), TimeUnit.MILLISECONDS));
            log.info("instance restarting id={} in={} after=\"{}\"", slot.id(), CrashLoop.human(delay), exit);
            listeners.emit(new SupervisorEvent(Kind.RESTARTING, run.app().name(), run.version(), slot.id(), now,
                    "restarting in " + CrashLoop.human(delay), null, delay));
        }
    }

    private synchronized void restart(VersionRun run, InstanceSlot slot) {
        slot.restartDue();
        if (closed || run.stopping() || run.failed()) {
            return;
        }
        save(slot, slot.record().restarted());
        try {
            launch(run, slot);
        } catch (CannotStartException e) {
            // Not lost: launch() has failed the version with this message, logged it and emitted START_FAILED.
            log.debug("restart refused id={}", slot.id(), e);
        }
    }

    /** No more restarts for the version; instances without a process are marked FAILED, live ones keep running. */
    private void failVersion(VersionRun run, InstanceSlot culprit, String reason, Kind kind) {
        run.fail(reason);
        for (InstanceSlot slot : run.slots()) {
            if (slot.process() == null) {
                save(slot, slot.record().in(InstanceState.FAILED, slot == culprit ? reason : null));
            }
        }
        log.warn("version failed app={} version={} reason=\"{}\"", run.app().name(), run.version(), reason);
        emit(kind, culprit.record(), reason);
    }

    private CompletableFuture<Void> terminate(VersionRun run) {
        List<CompletableFuture<Void>> trees = new ArrayList<>();
        for (InstanceSlot slot : run.slots()) {
            slot.cancelRestart();
            save(slot, slot.record().in(InstanceState.STOPPING, null));
            if (slot.process() != null) {
                trees.add(ProcessTree.stop(slot.process(), run.app().stopTimeout()));
            }
        }
        log.info("version stopping app={} version={} processes={} stopTimeout={}",
                run.app().name(), run.version(), trees.size(), run.app().stopTimeout());
        return CompletableFuture.allOf(trees.toArray(CompletableFuture[]::new));
    }

    private synchronized void finishStop(VersionRun run) {
        run.slots().forEach(slot -> store.delete(slot.id()));
        runs.remove(run.key(), run);
        log.info("version stopped app={} version={}", run.app().name(), run.version());
        listeners.emit(new SupervisorEvent(Kind.STOPPED, run.app().name(), run.version(), null, clock.instant(),
                "stopped", null, null));
    }

    private void apply(Adoption.Decision d, Map<String, AppConfig> apps) {
        switch (d.action()) {
            case ADOPT -> adoptProcess(d.record(), d.process(), apps);
            case RESTART -> crashed(runFor(d.record(), apps), slotFor(d.record(), apps), "gone while unsupervised: " + d.why());
            case KEEP_FAILED -> {
                slotFor(d.record(), apps);
                runFor(d.record(), apps).fail(d.why());
            }
            case FORGET -> store.delete(d.record().id());
            case KILL -> killOrphan(d, apps);
        }
    }

    private void adoptProcess(InstanceRecord record, ProcessHandle process, Map<String, AppConfig> apps) {
        VersionRun run = runFor(record, apps);
        InstanceSlot slot = slotFor(record, apps);
        save(slot, record.running(process.pid(), process.info().startInstant().orElse(null)));
        emit(Kind.ADOPTED, slot.record(), "pid " + process.pid() + " port " + slot.port());
        watch(run, slot, process, process.onExit().thenApply(exited -> null));
    }

    private void killOrphan(Adoption.Decision d, Map<String, AppConfig> apps) {
        AppConfig app = d.record() == null ? null : apps.get(d.record().app());
        Duration timeout = app == null ? ORPHAN_STOP_TIMEOUT : app.stopTimeout();
        ProcessTree.stop(d.process(), timeout)
                .thenRun(() -> log.info("orphan stopped instance={} pid={}", d.instanceId(), d.pid()));
        if (d.record() != null) {
            store.delete(d.record().id());
        }
        String detail = "pid " + d.pid() + ": " + d.why();
        listeners.emit(d.record() != null ? SupervisorEvent.of(Kind.ORPHAN_KILLED, d.record(), clock.instant(), detail)
                : new SupervisorEvent(Kind.ORPHAN_KILLED, null, null, d.instanceId(), clock.instant(), detail, null, null));
    }

    private VersionRun runFor(InstanceRecord record, Map<String, AppConfig> apps) {
        return runs.computeIfAbsent(VersionRun.key(record.app(), record.version()),
                k -> new VersionRun(apps.get(record.app()), record.version()));
    }

    private InstanceSlot slotFor(InstanceRecord record, Map<String, AppConfig> apps) {
        VersionRun run = runFor(record, apps);
        return run.slot(record.index()) != null ? run.slot(record.index()) : run.add(record);
    }

    private Set<Integer> portsInUse() {
        return runs.values().stream().flatMap(run -> run.slots().stream()).map(InstanceSlot::port).collect(Collectors.toSet());
    }

    private void rotateLogs() {
        List<Path> files;
        synchronized (this) {
            files = runs.values().stream().flatMap(run -> run.slots().stream()
                    .map(slot -> LogFiles.file(logDir(run.app().name(), run.version()), slot.record().index()))).toList();
        }
        files.forEach(this::rotate);
    }

    private void rotate(Path file) {
        try {
            if (LogFiles.rotateIfLarge(file, rotation)) {
                log.info("log rotated file={}", file);
            }
        } catch (IOException e) {
            log.warn("log rotation failed file={} error=\"{}\"", file, e.toString());
        }
    }

    private void save(InstanceSlot slot, InstanceRecord updated) {
        slot.record(updated);
        store.save(updated);
    }

    private void emit(Kind kind, InstanceRecord record, String detail) {
        listeners.emit(SupervisorEvent.of(kind, record, clock.instant(), detail));
    }

    private void requireOpen() {
        if (closed) {
            throw new SupervisorException("supervisor for " + dataDir + " is closed");
        }
    }
}
