package io.slipway.migrate;

/**
 * One statement as the engine runs it: its exact text, and what the engine does around it.
 *
 * @param text the statement, without a terminating semicolon
 * @param role what it is for
 */
record Sql(String text, Role role) {

    enum Role {
        /** Transaction control: BEGIN, COMMIT. */
        TRANSACTION,
        /** A statement of a migration script. */
        SCRIPT,
        /** The history row that says a script started; written again outside the transaction when it fails. */
        HISTORY_START,
        /** Any other write to the history table. */
        HISTORY,
        /** Renews this migrator's lease; it must change exactly one row, or another migrator owns the lock now. */
        LEASE,
        /** Records the backup reference, the one statement with a parameter ({@code ?}). */
        BACKUP,
        /** Creates the engine's own tables. */
        SETUP,
        /** Takes or gives back the lock. */
        LOCK
    }

    /** A string literal, quotes doubled; never null: null becomes {@code NULL}. */
    static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    static String literal(Version version) {
        return version == null ? "NULL" : literal(version.toString());
    }
}
