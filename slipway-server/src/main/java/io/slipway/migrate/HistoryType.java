package io.slipway.migrate;

/** What a row of {@code slipway_migration_history} records, as its {@code type} column says. */
public enum HistoryType {
    /** A forward script ran. */
    SQL,
    /** An undo script ran: its version is no longer applied. */
    UNDO_SQL,
    /** A repeatable script ran. */
    REPEATABLE,
    /** The database was declared to be at this version already; scripts up to it never run. */
    BASELINE;

    static HistoryType of(Migration.Kind kind) {
        return switch (kind) {
            case VERSIONED -> SQL;
            case UNDO -> UNDO_SQL;
            case REPEATABLE -> REPEATABLE;
        };
    }
}
