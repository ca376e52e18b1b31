package io.slipway.flags;

import java.util.List;

/**
 * A flag's state in one environment: its on/off switch and the strategies that decide who gets it
 * when on (none: everyone).
 *
 * @param enabled    the environment's switch; off wins over every strategy (the kill switch)
 * @param strategies tried in order
 */
public record FlagEnvironment(boolean enabled, List<Strategy> strategies) {
    /** How a flag is in an environment it does not mention: off. */
    public static final FlagEnvironment OFF = new FlagEnvironment(false, List.of());

    public FlagEnvironment {
        strategies = strategies == null ? List.of() : List.copyOf(strategies);
    }

    public FlagEnvironment withEnabled(boolean on) {
        return new FlagEnvironment(on, strategies);
    }

    public FlagEnvironment withStrategies(List<Strategy> newStrategies) {
        return new FlagEnvironment(enabled, newStrategies);
    }
}
