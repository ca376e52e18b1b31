package io.slipway.flags;

/** Why an evaluation came out as it did, for the evaluate API, logs and reports. */
public enum Reason {
    /** No flag with that key in the ruleset: off. */
    NOT_FOUND,
    /** The flag is switched off in this environment. */
    DISABLED,
    /** A parent flag is not in the state the flag depends on. */
    DEPENDENCY_NOT_MET,
    /** The flag is on and has no strategies: on for everyone. */
    ON_FOR_ALL,
    /** A strategy matched the context. */
    STRATEGY_MATCHED,
    /** The flag is on but no strategy matched the context. */
    NO_STRATEGY_MATCHED
}
