package io.slipway.migrate;

import java.util.Optional;

/**
 * Takes a backup of the database before {@code up} or {@code down} changes it. Called under the
 * migration lock, after the plan is known and only when it has scripts to run; the reference it
 * returns is written into the history rows of that run. A hook that throws stops the run before any
 * change.
 */
@FunctionalInterface
public interface BackupHook {

    /**
     * @param plan what is about to run
     * @return the backup's reference (e.g. its id), or empty when it took none
     */
    Optional<String> backup(Plan plan);
}
