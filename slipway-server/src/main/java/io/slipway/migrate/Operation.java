package io.slipway.migrate;

/** The operations that change a database, each of which can be planned (dry-run) or run. */
public enum Operation {
    /** Runs pending forward scripts, then new or changed repeatable ones. */
    UP,
    /** Runs undo scripts, highest version first. */
    DOWN,
    /** Removes failed history rows and realigns checksums of applied scripts to the files on disk. */
    REPAIR,
    /** Declares a database without history to be at a version already. */
    BASELINE;

    /** {@code up}, as the CLI spells it. */
    public String verb() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
