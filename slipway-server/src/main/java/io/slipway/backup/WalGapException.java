package io.slipway.backup;

/**
 * The WAL holds frames that capture can no longer account for (it was restarted past frames not
 * yet copied); the replica must start a new generation rather than continue with a gap.
 */
final class WalGapException extends ReplicaException {
    WalGapException(String message) {
        super(message);
    }
}
