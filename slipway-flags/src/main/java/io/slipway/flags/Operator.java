package io.slipway.flags;

/**
 * How a constraint compares a context field with its values; the names are Unleash's, so rules
 * exported from Unleash read the same. Single-value operators (numbers, dates, semver) compare with
 * the constraint's first value.
 */
public enum Operator {
    IN, NOT_IN,
    STR_CONTAINS, STR_STARTS_WITH, STR_ENDS_WITH,
    NUM_EQ, NUM_GT, NUM_GTE, NUM_LT, NUM_LTE,
    DATE_AFTER, DATE_BEFORE,
    SEMVER_EQ, SEMVER_GT, SEMVER_GTE, SEMVER_LT, SEMVER_LTE,
    REGEX;

    boolean numeric() {
        return this == NUM_EQ || this == NUM_GT || this == NUM_GTE || this == NUM_LT || this == NUM_LTE;
    }

    boolean date() {
        return this == DATE_AFTER || this == DATE_BEFORE;
    }

    boolean semver() {
        return this == SEMVER_EQ || this == SEMVER_GT || this == SEMVER_GTE || this == SEMVER_LT || this == SEMVER_LTE;
    }

    /** True when the operator compares with one value rather than a list. */
    boolean singleValue() {
        return numeric() || date() || semver() || this == REGEX;
    }
}
