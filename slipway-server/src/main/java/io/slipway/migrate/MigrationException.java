package io.slipway.migrate;

/**
 * A migration operation that could not be done; the message says what, naming the file, version or
 * lock owner concerned, and what to do. Subclasses say which kind of trouble it is.
 */
public class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
