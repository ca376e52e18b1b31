package io.slipway.supervisor;

import java.time.Instant;

/**
 * What survives a Slipway restart about one instance: enough to re-adopt its process (pid plus
 * the process start instant, which tells a live process from a reused pid) or to restart it.
 *
 * @param id           {@code app/version/index}, e.g. {@code web/v2/0}; also the child's
 *                     {@code SLIPWAY_INSTANCE}
 * @param port         the port given to the instance; kept across restarts
 * @param pid          0 while {@link InstanceState#STARTING} or when no process is alive
 * @param processStart {@code ProcessHandle.info().startInstant()} of {@code pid}, or null
 * @param restarts     how many times the supervisor restarted it after an exit
 * @param lastExit     how the last process ended (e.g. {@code exit code 1}), or why it failed
 */
public record InstanceRecord(
        String id,
        String app,
        String version,
        int index,
        int port,
        long pid,
        Instant processStart,
        InstanceState state,
        int restarts,
        String lastExit) {

    static InstanceRecord fresh(String app, String version, int index, int port) {
        return new InstanceRecord(id(app, version, index), app, version, index, port, 0, null,
                InstanceState.STARTING, 0, null);
    }

    static String id(String app, String version, int index) {
        return app + "/" + version + "/" + index;
    }

    InstanceRecord starting() {
        return new InstanceRecord(id, app, version, index, port, 0, null, InstanceState.STARTING, restarts, lastExit);
    }

    InstanceRecord running(long newPid, Instant start) {
        return new InstanceRecord(id, app, version, index, port, newPid, start, InstanceState.RUNNING, restarts, lastExit);
    }

    InstanceRecord restarted() {
        return new InstanceRecord(id, app, version, index, port, pid, processStart, state, restarts + 1, lastExit);
    }

    /** Same process fields, new state; {@code exit} replaces {@code lastExit} when not null. */
    InstanceRecord in(InstanceState newState, String exit) {
        return new InstanceRecord(id, app, version, index, port, pid, processStart, newState, restarts,
                exit == null ? lastExit : exit);
    }

    Instance toInstance() {
        return new Instance(id, index, port, pid, state, restarts, lastExit);
    }
}
