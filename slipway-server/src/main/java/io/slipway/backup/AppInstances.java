package io.slipway.backup;

import java.util.List;

/**
 * An app's running versions as a restore with the app stopped needs them: which run (and may be
 * writing the database), and a way to stop and start them again. The server implements it with its
 * supervisor; backups depend on nothing else of deployments.
 */
public interface AppInstances {

    /** The versions of the app whose instances run or start; empty when none does. */
    List<String> running(String app);

    /** Stops every instance of these versions and returns once they have exited. */
    void stop(String app, List<String> versions);

    /**
     * Starts these versions again (a version already running is left alone) and returns once their
     * instances are ready and traffic goes to them.
     *
     * @throws BackupException when they did not start, or were not ready within the app's readyTimeout
     */
    void start(String app, List<String> versions);
}
