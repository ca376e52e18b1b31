package io.slipway.backup;

import java.time.Instant;

/**
 * What a {@link WalReplica} has captured so far.
 *
 * @param generation     the generation being written (a new one starts on every start and after any gap)
 * @param snapshots      snapshot files in that generation
 * @param segments       segment files in that generation
 * @param bytes          bytes of those files
 * @param lastCapturedAt when the last poll finished copying: every transaction committed before it is in the replica
 * @param lagMillis      milliseconds since {@code lastCapturedAt}: the replica's recovery point right now
 * @param lastError      why the last poll failed, or null when it succeeded
 */
public record ReplicaStatus(String generation, int snapshots, int segments, long bytes, Instant lastCapturedAt,
                            long lagMillis, String lastError) {
}
