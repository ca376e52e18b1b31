package io.slipway.backup;

/**
 * A portable export or import could not be done: a value that does not fit its column's type,
 * a target table that already holds rows, a malformed file, or a database error. The message
 * names the table, column, row or file concerned.
 */
public final class PortableExportException extends BackupException {
    private static final long serialVersionUID = 1L;

    public PortableExportException(String message) {
        super(Kind.CONFLICT, message);
    }

    public PortableExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
