package io.slipway.migrate;

/**
 * Another migrator holds the database's migration lock and did not let go within the wait time, or
 * this migrator's lease ran out and another took the lock over. The message names the owner (host,
 * pid) and when its lease expires.
 */
public class MigrationLockException extends MigrationException {
    private static final long serialVersionUID = 1L;
    private final LockHolder holder;

    MigrationLockException(String message, LockHolder holder) {
        super(message);
        this.holder = holder;
    }

    /** Who held the lock when this was thrown, or null if nobody did any more. */
    public LockHolder holder() {
        return holder;
    }
}
