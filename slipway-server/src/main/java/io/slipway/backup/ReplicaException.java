package io.slipway.backup;

/** Point-in-time capture or restore failed; the message names the file or database and the cause. */
public class ReplicaException extends RuntimeException {
    public ReplicaException(String message) {
        super(message);
    }

    public ReplicaException(String message, Throwable cause) {
        super(message, cause);
    }
}
