package io.slipway.deploy;

/** A deployment request that cannot be carried out; {@link #kind} maps to an HTTP status and exit code. */
public final class DeployException extends RuntimeException {
    /** Why the request was refused. */
    public enum Kind { BAD_REQUEST, NOT_FOUND, CONFLICT }

    private final Kind kind;

    public DeployException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
