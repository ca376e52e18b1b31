package io.slipway.flags;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The edits {@link Flags} makes to a flag's definition, as pure functions of the flag. */
final class FlagEdits {
    private FlagEdits() {
    }

    /** The flag with step {@code index} of its schedule applied and marked so at {@code now}. */
    static Flag scheduled(Flag f, int index, Instant now) {
        ScheduleStep step = f.schedule().get(index);
        FlagEnvironment state = f.environment(step.environment());
        if (step.rollout() != null) {
            state = state.withStrategies(rolledOut(f, step.environment(), step.rollout(), step.strategy()));
        }
        if (step.enabled() != null) {
            state = state.withEnabled(step.enabled());
        }
        List<ScheduleStep> steps = new ArrayList<>(f.schedule());
        steps.set(index, step.appliedAt(now));
        return f.withEnvironment(step.environment(), state).withSchedule(steps);
    }

    static Flag offEverywhere(Flag f) {
        Flag off = f;
        for (String environment : f.environments().keySet()) {
            off = off.withEnvironment(environment, f.environment(environment).withEnabled(false));
        }
        return off;
    }

    static List<Strategy> rolledOut(Flag f, String environment, int percent, String name) {
        List<Strategy> strategies = new ArrayList<>(f.environment(environment).strategies());
        if (name == null && strategies.isEmpty()) {
            return List.of(Strategy.rollout(percent));
        }
        int index = name == null ? strategies.size() - 1 : indexOf(strategies, name, f.key(), environment);
        strategies.set(index, strategies.get(index).withRollout(percent));
        return strategies;
    }

    static int indexOf(List<Strategy> strategies, String name, String key, String environment) {
        for (int i = 0; i < strategies.size(); i++) {
            if (name.equals(strategies.get(i).name())) {
                return i;
            }
        }
        List<String> names = strategies.stream().map(s -> s.name() == null ? "(unnamed)" : s.name()).toList();
        throw new InvalidFlagException("strategy", name, "is not a strategy of " + key + " in " + environment
                + (names.isEmpty() ? " (it has none)" : " (strategies: " + String.join(", ", names) + ")"));
    }
}
