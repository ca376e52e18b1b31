package io.slipway.migrate;

/**
 * A migration script failed while it ran. With a transaction the database is as it was before the
 * script; without one ({@code -- slipway:no-transaction}) the statements before the failing one stay.
 * Either way the history holds a row for it with success = false, and {@code up} refuses until
 * {@code repair} removes that row.
 */
public class MigrationFailedException extends MigrationException {
    private static final long serialVersionUID = 1L;
    private final transient Migration migration;
    private final int statement;

    MigrationFailedException(Migration migration, int statement, String message, Throwable cause) {
        super(message, cause);
        this.migration = migration;
        this.statement = statement;
    }

    /** The script that failed. */
    public Migration migration() {
        return migration;
    }

    /** Which of its statements failed, counting from 1. */
    public int statement() {
        return statement;
    }
}
