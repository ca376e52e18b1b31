package io.slipway.server;

/**
 * An app that cannot be migrated as asked, because of what slipway.yaml says (or does not say) about
 * it: it is not there, it has no {@code database.migrations}, its database's password variable is not
 * set, or it has no {@code backup:} block to take the backup before {@code up} or {@code down}. The
 * message names the app and what to add.
 */
public final class MigrationConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whether the app is missing altogether (404) or only lacks what the operation needs (400). */
    public enum Kind { UNKNOWN_APP, NOT_CONFIGURED }

    private final Kind kind;
    private final String app;

    MigrationConfigException(Kind kind, String app, String message) {
        super(message);
        this.kind = kind;
        this.app = app;
    }

    public Kind kind() {
        return kind;
    }

    public String app() {
        return app;
    }
}
