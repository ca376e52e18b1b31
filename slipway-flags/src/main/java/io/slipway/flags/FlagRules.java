package io.slipway.flags;

import java.util.ArrayList;
import java.util.List;

/**
 * A flag's rules in one environment, what SDKs receive and evaluate: on when {@code enabled}, its
 * dependencies are met, and it has no strategies or one of them matches.
 *
 * @param key          the flag's key
 * @param enabled      the environment's on/off switch (the kill switch)
 * @param strategies   tried in order; none means on for everyone
 * @param variants     the flag's A/B/n variants
 * @param dependencies parent flags that must be in a given state
 */
public record FlagRules(String key, boolean enabled, List<Strategy> strategies, List<Variant> variants,
                        List<Dependency> dependencies) {
    /** @throws IllegalArgumentException when the key is invalid or the flag depends on itself */
    public FlagRules {
        Names.requireKey("flag key", key);
        strategies = strategies == null ? List.of() : List.copyOf(strategies);
        variants = variants == null ? List.of() : List.copyOf(variants);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        for (Dependency d : dependencies) {
            if (d.flag().equals(key)) {
                throw new IllegalArgumentException("flag " + key + ": depends on itself");
            }
        }
    }

    /** An on/off flag with no strategies. */
    public static FlagRules simple(String key, boolean enabled) {
        return new FlagRules(key, enabled, List.of(), List.of(), List.of());
    }

    /** A flag on for {@code percent} % of users. */
    public static FlagRules rollout(String key, int percent) {
        return new FlagRules(key, true, List.of(Strategy.rollout(percent)), List.of(), List.of());
    }

    public FlagRules withEnabled(boolean on) {
        return new FlagRules(key, on, strategies, variants, dependencies);
    }

    public FlagRules withStrategies(List<Strategy> newStrategies) {
        return new FlagRules(key, enabled, newStrategies, variants, dependencies);
    }

    public FlagRules withVariants(List<Variant> newVariants) {
        return new FlagRules(key, enabled, strategies, newVariants, dependencies);
    }

    public FlagRules withDependencies(List<Dependency> newDependencies) {
        return new FlagRules(key, enabled, strategies, variants, newDependencies);
    }

    /** Every segment name the strategies refer to. */
    public List<String> segmentNames() {
        List<String> names = new ArrayList<>();
        strategies.forEach(s -> names.addAll(s.segments()));
        return names;
    }
}
