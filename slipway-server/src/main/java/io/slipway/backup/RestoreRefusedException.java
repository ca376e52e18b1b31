package io.slipway.backup;

/**
 * A restore was refused before anything was written to its destination: the destination exists,
 * the target lies outside the restore window, or a file the restore needs is missing or corrupt.
 */
public final class RestoreRefusedException extends ReplicaException {
    public RestoreRefusedException(String message) {
        super(message);
    }

    public RestoreRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
