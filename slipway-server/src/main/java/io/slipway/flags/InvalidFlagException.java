package io.slipway.flags;

/**
 * A flag, segment or flag operation that is not valid, naming the offending field (a dotted path such
 * as {@code environments.production.strategies[0].segments}) and value; the API answers 400 with both.
 */
public final class InvalidFlagException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final transient Object value;

    /** Reads like {@code percent: "140" must be a whole number from 0 to 100}; a null value reads "missing". */
    public InvalidFlagException(String field, Object value, String problem) {
        super(field + ": " + (value == null ? "missing" : "\"" + value + "\" " + problem));
        this.field = field;
        this.value = value;
    }

    public String field() {
        return field;
    }

    public Object value() {
        return value;
    }
}
