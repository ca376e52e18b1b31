package io.slipway.flags;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * One condition on a context field, e.g. {@code role IN [admin]} or {@code appVersion SEMVER_GT 2.1.0}.
 * Single-value operators take {@code value} (or the first of {@code values}), as Unleash writes them.
 *
 * @param contextName     the field: userId, sessionId, remoteAddress, environment, appName, currentTime or a property
 * @param operator        how to compare
 * @param values          the values for IN, NOT_IN and the string operators
 * @param value           the value for number, date, semver and regex operators
 * @param caseInsensitive compare strings ignoring case
 * @param inverted        negate the outcome
 */
public record Constraint(String contextName, Operator operator, List<String> values, String value,
                         boolean caseInsensitive, boolean inverted) {
    /**
     * @throws IllegalArgumentException naming the offending value when the field is blank, the operator
     *                                  missing, or a number, date, semver or pattern does not parse
     */
    public Constraint {
        if (contextName == null || contextName.isBlank()) {
            throw new IllegalArgumentException("contextName: missing (e.g. userId, role)");
        }
        Objects.requireNonNull(operator, () -> "operator of constraint on " + contextName
                + ": missing (e.g. IN, NOT_IN, STR_STARTS_WITH, NUM_GT, DATE_AFTER, SEMVER_GT)");
        values = values == null ? List.of() : List.copyOf(values);
        if (operator.singleValue()) {
            if (value == null && !values.isEmpty()) {
                value = values.get(0);
            }
            checkSingleValue(contextName, operator, value);
        }
    }

    /** A constraint {@code contextName operator values}, neither case-insensitive nor inverted. */
    public static Constraint of(String contextName, Operator operator, String... values) {
        return operator.singleValue()
                ? new Constraint(contextName, operator, List.of(), values.length == 0 ? null : values[0], false, false)
                : new Constraint(contextName, operator, List.of(values), null, false, false);
    }

    private static void checkSingleValue(String field, Operator operator, String value) {
        String where = "constraint " + field + " " + operator + ": ";
        if (value == null) {
            throw new IllegalArgumentException(where + "value missing");
        }
        if (operator.numeric()) {
            try {
                Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "\"" + value + "\" is not a number", e);
            }
        } else if (operator.date()) {
            try {
                Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + "\"" + value
                        + "\" is not an ISO-8601 instant (e.g. 2026-12-06T10:00:00Z)", e);
            }
        } else if (operator.semver() && Semver.parse(value) == null) {
            throw new IllegalArgumentException(where + "\"" + value + "\" is not a semantic version (e.g. 2.1.0)");
        } else if (operator == Operator.REGEX) {
            try {
                Regex.compile(value, false);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
    }
}
