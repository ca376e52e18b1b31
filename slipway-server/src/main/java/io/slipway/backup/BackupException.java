package io.slipway.backup;

/** A backup, verification or restore that could not be done; the message says what and what to do. */
public class BackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal, so the API can answer 400, 404, 409, 422 (a damaged backup) or 500. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, CORRUPT, FAILED }

    private final Kind kind;

    public BackupException(String message) {
        this(Kind.FAILED, message);
    }

    public BackupException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BackupException(String message, Throwable cause) {
        this(Kind.FAILED, message, cause);
    }

    public BackupException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
