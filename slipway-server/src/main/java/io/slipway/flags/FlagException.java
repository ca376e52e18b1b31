package io.slipway.flags;

/**
 * A flag operation refused because of the current state: the flag or segment does not exist, already
 * exists, changed since the caller read it, or is still in use. {@link #kind} maps to 404 or 409.
 */
public final class FlagException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the operation was refused. */
    public enum Kind { NOT_FOUND, CONFLICT }

    private final Kind kind;
    private final String field;
    private final transient Object value;

    public FlagException(Kind kind, String field, Object value, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
        this.value = value;
    }

    static FlagException unknownFlag(String key) {
        return new FlagException(Kind.NOT_FOUND, "key", key, "flag \"" + key + "\" does not exist");
    }

    static FlagException unknownSegment(String name) {
        return new FlagException(Kind.NOT_FOUND, "name", name, "segment \"" + name + "\" does not exist");
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    public Object value() {
        return value;
    }
}
