package io.slipway.backup;

/**
 * What {@link ReplicaRetention#compact} kept and removed.
 *
 * @param snapshot        the snapshot that now starts the history (null when nothing was old enough to drop)
 * @param snapshotWritten whether compaction built that snapshot itself, as of {@code keepFrom}
 */
public record CompactionResult(String generation, String snapshot, boolean snapshotWritten, int generationsRemoved,
                               int snapshotsRemoved, int segmentsRemoved, long bytesFreed) {
}
