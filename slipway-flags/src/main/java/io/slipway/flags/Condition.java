package io.slipway.flags;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link Constraint} compiled for evaluation: the field resolved, values in a hash set, numbers,
 * dates, versions and patterns parsed once. A missing context value fails every operator except
 * NOT_IN, as in Unleash; {@code inverted} then negates.
 */
final class Condition {
    private final ContextField field;
    private final Operator operator;
    private final boolean inverted;
    private final boolean caseInsensitive;
    private final Set<String> set;
    private final String[] strings;
    private final double number;
    private final Instant date;
    private final Semver semver;
    private final Pattern pattern;

    Condition(Constraint c) {
        this.field = ContextField.of(c.contextName());
        this.operator = c.operator();
        this.inverted = c.inverted();
        this.caseInsensitive = c.caseInsensitive();
        this.set = new HashSet<>(c.values());
        this.strings = c.values().stream().map(v -> caseInsensitive ? v.toLowerCase(Locale.ROOT) : v).toArray(String[]::new);
        this.number = operator.numeric() ? Double.parseDouble(c.value()) : Double.NaN;
        this.date = operator.date() ? Instant.parse(c.value()) : null;
        this.semver = operator.semver() ? Semver.parse(c.value()) : null;
        this.pattern = operator == Operator.REGEX
                ? Regex.compile(c.value(), caseInsensitive)
                : null;
    }

    static Condition[] all(List<Constraint> constraints) {
        return constraints.stream().map(Condition::new).toArray(Condition[]::new);
    }

    boolean test(FlagContext context, Clock clock) {
        return inverted != holds(context, clock);
    }

    private boolean holds(FlagContext context, Clock clock) {
        if (operator.date()) {
            return compareDate(context, clock);
        }
        String value = field.read(context);
        if (value == null) {
            return operator == Operator.NOT_IN;
        }
        return switch (operator) {
            case IN -> set.contains(value);
            case NOT_IN -> !set.contains(value);
            case STR_CONTAINS, STR_STARTS_WITH, STR_ENDS_WITH -> matchesString(value);
            case NUM_EQ, NUM_GT, NUM_GTE, NUM_LT, NUM_LTE -> compareNumber(value);
            case SEMVER_EQ, SEMVER_GT, SEMVER_GTE, SEMVER_LT, SEMVER_LTE -> compareSemver(value);
            case REGEX -> Regex.find(pattern, value);
            case DATE_AFTER, DATE_BEFORE -> throw new AssertionError(operator);
        };
    }

    private boolean matchesString(String value) {
        String v = caseInsensitive ? value.toLowerCase(Locale.ROOT) : value;
        for (String s : strings) {
            boolean hit = switch (operator) {
                case STR_CONTAINS -> v.contains(s);
                case STR_STARTS_WITH -> v.startsWith(s);
                default -> v.endsWith(s);
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }

    private boolean compareNumber(String value) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return false; // a context value that is not a number matches no numeric constraint
        }
        return switch (operator) {
            case NUM_EQ -> v == number;
            case NUM_GT -> v > number;
            case NUM_GTE -> v >= number;
            case NUM_LT -> v < number;
            default -> v <= number;
        };
    }

    private boolean compareSemver(String value) {
        Semver v = Semver.parse(value);
        if (v == null) {
            return false;
        }
        int c = v.compareTo(semver);
        return switch (operator) {
            case SEMVER_EQ -> c == 0;
            case SEMVER_GT -> c > 0;
            case SEMVER_GTE -> c >= 0;
            case SEMVER_LT -> c < 0;
            default -> c <= 0;
        };
    }

    private boolean compareDate(FlagContext context, Clock clock) {
        Instant now;
        if (field == ContextField.CURRENT_TIME) {
            now = context.currentTime() != null ? context.currentTime() : clock.instant();
        } else {
            String raw = field.read(context);
            try {
                now = raw == null ? null : Instant.parse(raw);
            } catch (DateTimeParseException e) {
                now = null; // not a date: matches no date constraint
            }
            if (now == null) {
                return false;
            }
        }
        return operator == Operator.DATE_AFTER ? now.isAfter(date) : now.isBefore(date);
    }
}
