package io.slipway.backup;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A finished point-in-time restore.
 *
 * @param restoredTo      the capture time of the last file applied: the database holds every
 *                        transaction captured at or before it and none after
 * @param snapshot        the snapshot file the restore started from
 * @param segmentsApplied segments applied on top of it
 */
public record PointInTimeResult(Path destination, String generation, String snapshot, int segmentsApplied,
                            Instant restoredTo, long bytes) {
}
