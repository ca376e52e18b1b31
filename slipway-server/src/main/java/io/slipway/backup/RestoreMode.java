package io.slipway.backup;

/** How a restore treats what runs on the database it replaces. */
public enum RestoreMode {
    /** Over the database, refused while any version of the app runs (it could be writing). */
    IN_PLACE,
    /** Over the database, with every running version stopped for it and started again after, even when it fails. */
    STOP_APP,
    /** Beside the database, into {@code <database>.restored-<time>}, whatever runs; SQLite only. */
    BESIDE;

    /**
     * The mode the CLI's {@code --beside} and {@code --stop-app} (the API's {@code beside}, {@code stopApp}) ask for.
     *
     * @throws BackupException when both are given: they contradict each other
     */
    public static RestoreMode of(boolean beside, boolean stopApp) {
        if (beside && stopApp) {
            throw new BackupException(BackupException.Kind.INVALID, "--stop-app (stopApp) and --beside (beside) cannot"
                    + " both be given: --stop-app restores over the database while the app is stopped, --beside restores"
                    + " next to it while the app runs");
        }
        return beside ? BESIDE : stopApp ? STOP_APP : IN_PLACE;
    }
}
