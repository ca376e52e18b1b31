package io.slipway.backup;

/** Point-in-time capture or restore failed; the message names the file or database and the cause. */
public class ReplicaException extends BackupException {
    private static final long serialVersionUID = 1L;

    public ReplicaException(String message) {
        super(Kind.CONFLICT, message);
    }

    public ReplicaException(String message, Throwable cause) {
        super(message, cause);
    }
}
