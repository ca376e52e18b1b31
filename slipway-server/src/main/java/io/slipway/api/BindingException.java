package io.slipway.api;

import java.util.List;

/**
 * A JSON tree that does not bind to its record: an unknown field, a wrong type, or a value the record
 * refuses. The message reads like {@code environments.production.strategies[0].rollout: "half" is not a
 * whole number}; {@link #steps} says where in the tree the problem is, so that a caller holding the
 * source text (a flags.yaml) can point at its line and column.
 */
public final class BindingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final transient Object value;
    private final transient List<Object> steps;

    BindingException(String message, String field, Object value, List<Object> steps) {
        super(message);
        this.field = field;
        this.value = value;
        this.steps = List.copyOf(steps);
    }

    /** Reads like {@code field: "value" problem}; a null value reads "missing". */
    static BindingException of(String field, Object value, String problem, List<Object> steps) {
        return new BindingException(field + ": " + (value == null ? "missing" : "\"" + value + "\" " + problem),
                field, value, steps);
    }

    /** The dotted path of the offending field, empty when the problem is the tree as a whole. */
    public String field() {
        return field;
    }

    public Object value() {
        return value;
    }

    /**
     * Map keys (String) and list indices (Integer) from the root of the tree to the offending node, as
     * precisely as known: it may name the field inside the object that {@link #field} names.
     */
    public List<Object> steps() {
        return steps;
    }
}
