package io.slipway.supervisor;

import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened to a version or one of its instances, for the orchestrator and the
 * event log.
 *
 * @param instanceId {@code app/version/index}, or null for version-level events
 * @param detail     human-readable, e.g. {@code exit code 1}, {@code crash loop: ...}
 * @param exitCode   for {@link Kind#EXITED} when known (null for adopted processes)
 * @param delay      for {@link Kind#RESTARTING}: the backoff before the restart
 */
public record SupervisorEvent(Kind kind, String app, String version, String instanceId, Instant at,
                              String detail, Integer exitCode, Duration delay) {

    /** What happened. */
    public enum Kind {
        STARTED, ADOPTED, EXITED, RESTARTING, CRASH_LOOP, START_FAILED, STOPPED, ORPHAN_KILLED
    }

    static SupervisorEvent of(Kind kind, InstanceRecord r, Instant at, String detail) {
        return new SupervisorEvent(kind, r.app(), r.version(), r.id(), at, detail, null, null);
    }
}
