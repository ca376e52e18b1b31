package io.slipway.backup;

import java.time.Instant;

/**
 * Whether an app's continuous capture runs and how far its replica is behind: what {@code /metrics} and
 * the API show so an operator learns that point-in-time recovery stopped before needing it.
 *
 * @param up             true while a {@link WalReplica} captures the app's database
 * @param lastCapturedAt when the last successful poll finished, or null when capture never ran
 * @param lagMillis      milliseconds since {@code lastCapturedAt} (it keeps growing while polls fail or
 *                       capture is stopped), or null when capture never ran
 * @param lastError      why capture is not running, or why its last poll failed; null when all is well
 */
public record CaptureStatus(boolean up, Instant lastCapturedAt, Long lagMillis, String lastError) {
    static CaptureStatus down(String why) {
        return new CaptureStatus(false, null, null, why);
    }

    /** The same progress, reported as not running for {@code why}. */
    CaptureStatus stopped(String why) {
        return new CaptureStatus(false, lastCapturedAt, lagMillis, why);
    }
}
