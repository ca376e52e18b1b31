package io.slipway.flags;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a flag must agree with in the rest of the state: its environments are configured, the segments
 * its strategies name exist, and its parents exist and are one level deep. One level also rules out
 * cycles: a cycle needs a flag that both depends on another and is depended on.
 */
final class FlagIntegrity {
    private final List<String> environments;

    FlagIntegrity(List<String> environments) {
        this.environments = List.copyOf(environments);
    }

    /** @throws InvalidFlagException naming the environment when it is not configured */
    String environment(String name) {
        if (name == null) {
            throw new InvalidFlagException("environment", null, "");
        }
        if (!environments.contains(name)) {
            throw new InvalidFlagException("environment", name, notConfigured());
        }
        return name;
    }

    /**
     * @param others   every other flag (the flag's own earlier state left out)
     * @param segments the names of all segments
     * @throws InvalidFlagException naming the field and value of the first problem
     */
    void check(Flag flag, Map<String, Flag> others, Set<String> segments) {
        for (Map.Entry<String, FlagEnvironment> e : flag.environments().entrySet()) {
            if (!environments.contains(e.getKey())) {
                throw new InvalidFlagException("environments", e.getKey(), notConfigured());
            }
            checkSegments("environments." + e.getKey(), e.getValue(), segments);
        }
        checkParents(flag, others);
        checkSchedule(flag);
        if (!flag.dependencies().isEmpty()) {
            List<String> children = dependents(flag.key(), others.values());
            if (!children.isEmpty()) {
                throw new InvalidFlagException("dependencies", flag.dependencies().get(0).flag(), "cannot be added:"
                        + " flags depend on " + flag.key() + " (" + String.join(", ", children)
                        + "), and dependencies are one level deep");
            }
        }
    }

    /** The keys of the flags that depend on {@code key}. */
    static List<String> dependents(String key, Collection<Flag> flags) {
        return flags.stream().filter(f -> f.dependencies().stream().anyMatch(d -> d.flag().equals(key)))
                .map(Flag::key).sorted().toList();
    }

    /** The keys of the flags whose strategies name {@code segment}, in any environment. */
    static List<String> users(String segment, Collection<Flag> flags) {
        return flags.stream().filter(f -> f.environments().values().stream()
                        .flatMap(e -> e.strategies().stream()).anyMatch(s -> s.segments().contains(segment)))
                .map(Flag::key).sorted().toList();
    }

    private static void checkSegments(String path, FlagEnvironment state, Set<String> segments) {
        for (int i = 0; i < state.strategies().size(); i++) {
            for (String name : state.strategies().get(i).segments()) {
                if (!segments.contains(name)) {
                    throw new InvalidFlagException(path + ".strategies[" + i + "].segments", name,
                            "is not a segment" + (segments.isEmpty() ? " (there are none yet)"
                                    : " (segments: " + String.join(", ", segments.stream().sorted().toList()) + ")"));
                }
            }
        }
    }

    /** A step must name a configured environment and, when it names a strategy, one the flag has there. */
    private void checkSchedule(Flag flag) {
        for (int i = 0; i < flag.schedule().size(); i++) {
            ScheduleStep step = flag.schedule().get(i);
            if (!environments.contains(step.environment())) {
                throw new InvalidFlagException("schedule[" + i + "].environment", step.environment(), notConfigured());
            }
            String name = step.strategy();
            if (name != null && step.pending() && flag.environment(step.environment()).strategies().stream()
                    .noneMatch(st -> name.equals(st.name()))) {
                throw new InvalidFlagException("schedule[" + i + "].strategy", name, "is not a strategy of "
                        + flag.key() + " in " + step.environment());
            }
        }
    }

    private static void checkParents(Flag flag, Map<String, Flag> others) {
        for (int i = 0; i < flag.dependencies().size(); i++) {
            String key = flag.dependencies().get(i).flag();
            Flag parent = others.get(key);
            if (parent == null) {
                throw new InvalidFlagException("dependencies[" + i + "].flag", key, "is not a flag");
            }
            if (!parent.dependencies().isEmpty()) {
                throw new InvalidFlagException("dependencies[" + i + "].flag", key, "depends on "
                        + parent.dependencies().get(0).flag() + " itself, and dependencies are one level deep");
            }
        }
    }

    private String notConfigured() {
        return "is not a configured environment (flags.environments in slipway.yaml: "
                + String.join(", ", environments) + ")";
    }
}
