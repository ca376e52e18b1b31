package io.slipway.backup;

/** A backup key could not be read or is not a 32-byte key; the message names where it came from, never its value. */
public final class BackupKeyException extends IllegalArgumentException {
    public BackupKeyException(String message) {
        super(message);
    }

    public BackupKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
