package io.slipway.backup;

/** Point-in-time capture reads the WAL, so the database must be in WAL journal mode; the message names the mode it is in. */
public final class NotInWalModeException extends ReplicaException {
    public NotInWalModeException(String message) {
        super(message);
    }
}
