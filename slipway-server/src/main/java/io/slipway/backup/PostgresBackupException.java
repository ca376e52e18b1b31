package io.slipway.backup;

/**
 * A PostgreSQL backup, verification or restore could not be done: the tools are missing or
 * too old, the server refused the connection, or {@code pg_dump}/{@code pg_restore} failed.
 * The message names the database or file and carries the tool's own error output.
 */
public final class PostgresBackupException extends BackupException {
    private static final long serialVersionUID = 1L;
    public PostgresBackupException(String message) {
        super(message);
    }

    public PostgresBackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
