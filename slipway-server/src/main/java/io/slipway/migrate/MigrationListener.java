package io.slipway.migrate;

import java.time.Duration;

/** Progress of a running operation, e.g. for the CLI to print; every method does nothing by default. */
public interface MigrationListener {
    /** Does nothing. */
    MigrationListener NONE = new MigrationListener() {
    };

    /** Another migrator holds the lock; called once per holder while this one waits. */
    default void waitingForLock(LockHolder holder) {
    }

    default void started(Migration migration) {
    }

    default void finished(Migration migration, Duration took) {
    }
}
