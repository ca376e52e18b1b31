package io.slipway.migrate;

import java.time.Duration;

/**
 * How a migrator holds and waits for the migration lock, and whom the history names.
 *
 * @param lease       how long the lock stays held without renewal; a heartbeat renews it every third of
 *                    that, so a killed migrator's lock can be taken over at most this long after it died
 * @param lockWait    how long to wait for a lock another migrator holds before giving up
 * @param lockPoll    how often to try the lock while waiting
 * @param installedBy who runs the migrations, written as installed_by
 */
public record MigrationOptions(Duration lease, Duration lockWait, Duration lockPoll, String installedBy) {

    public MigrationOptions {
        positive("migrate.lease", lease);
        positive("migrate.lockPoll", lockPoll);
        if (lockWait == null || lockWait.isNegative()) {
            throw new IllegalArgumentException("migrate.lockWait: " + lockWait + " must be zero or more");
        }
        if (installedBy == null || installedBy.isBlank()) {
            throw new IllegalArgumentException("migrate.installedBy: \"" + installedBy + "\" is empty; it is required");
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + ": " + value + " must be more than zero");
        }
    }

    /** A 30 s lease, waiting up to 2 min for the lock, trying every 500 ms, installed by the OS user. */
    public static MigrationOptions defaults() {
        return new MigrationOptions(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMillis(500),
                System.getProperty("user.name", "slipway"));
    }

    public MigrationOptions withLease(Duration newLease) {
        return new MigrationOptions(newLease, lockWait, lockPoll, installedBy);
    }

    public MigrationOptions withLockWait(Duration newLockWait) {
        return new MigrationOptions(lease, newLockWait, lockPoll, installedBy);
    }

    public MigrationOptions withLockPoll(Duration newLockPoll) {
        return new MigrationOptions(lease, lockWait, newLockPoll, installedBy);
    }

    public MigrationOptions withInstalledBy(String newInstalledBy) {
        return new MigrationOptions(lease, lockWait, lockPoll, newInstalledBy);
    }
}
