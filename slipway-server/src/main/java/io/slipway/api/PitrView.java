package io.slipway.api;

import io.slipway.backup.CaptureStatus;
import io.slipway.backup.ReplicaStatus;
import io.slipway.backup.RestoreWindow;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /api/v1/apps/{app}/pitr}: the instants the replica can restore ({@code earliest}, {@code latest})
 * and the capture writing it — whether it runs, its last successful poll and lag, why it stopped or
 * failed — with the files of the generation it writes (null before capture ever started).
 */
record PitrView(Instant earliest, Instant latest, boolean up, Instant lastCapturedAt, Long lagMillis,
                String lastError, String generation, Integer snapshots, Integer segments, Long bytes) {
    static PitrView of(RestoreWindow window, Optional<CaptureStatus> capture, Optional<ReplicaStatus> files) {
        CaptureStatus c = capture.orElse(new CaptureStatus(false, null, null, "not captured by this server"));
        ReplicaStatus f = files.orElse(null);
        return new PitrView(window.earliest(), window.latest(), c.up(), c.lastCapturedAt(), c.lagMillis(),
                c.lastError(), f == null ? null : f.generation(), f == null ? null : f.snapshots(),
                f == null ? null : f.segments(), f == null ? null : f.bytes());
    }
}
