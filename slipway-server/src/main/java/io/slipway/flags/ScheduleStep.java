package io.slipway.flags;

import java.time.Instant;
import java.util.Objects;

/**
 * One planned change of a flag, applied by the server at {@code at}: a rollout percentage for a
 * strategy in an environment, and/or switching the flag on or off there. The seed's plan (20 % on
 * day 6, 40 % on day 7 … 100 % on day 10) is five steps.
 *
 * @param at          when the step is due
 * @param environment where it applies
 * @param strategy    the strategy whose rollout it sets, by name; null means the flag's last strategy
 * @param rollout     the new percentage, or null to leave it
 * @param enabled     switch the flag on or off in the environment, or null to leave it
 * @param appliedAt   when the server applied it, null while pending; written with the change itself,
 *                    so a restart neither skips nor repeats a step
 */
public record ScheduleStep(Instant at, String environment, String strategy, Integer rollout, Boolean enabled,
                           Instant appliedAt) {
    /** @throws IllegalArgumentException naming the value when the step is incomplete or the rollout out of range */
    public ScheduleStep {
        Objects.requireNonNull(at, "schedule step: at missing (an ISO-8601 instant, e.g. 2026-12-12T09:00:00Z)");
        if (environment == null || environment.isBlank()) {
            throw new IllegalArgumentException("schedule step at " + at + ": environment missing");
        }
        if (rollout == null && enabled == null) {
            throw new IllegalArgumentException("schedule step at " + at + ": sets nothing (give rollout and/or enabled)");
        }
        if (rollout != null && (rollout < 0 || rollout > 100)) {
            throw new IllegalArgumentException("schedule step at " + at + ": rollout " + rollout
                    + " must be a percentage from 0 to 100");
        }
    }

    /** A pending step setting the rollout of the flag's last strategy. */
    public static ScheduleStep rollout(Instant at, String environment, int percent) {
        return new ScheduleStep(at, environment, null, percent, null, null);
    }

    public boolean pending() {
        return appliedAt == null;
    }

    public ScheduleStep appliedAt(Instant when) {
        return new ScheduleStep(at, environment, strategy, rollout, enabled, when);
    }

    /** A short description for audit entries and CLI output, e.g. "production: rollout 40 %". */
    public String describe() {
        StringBuilder s = new StringBuilder(environment).append(":");
        if (enabled != null) {
            s.append(enabled ? " on" : " off");
        }
        if (rollout != null) {
            s.append(" rollout ").append(rollout).append(" %");
            if (strategy != null) {
                s.append(" (").append(strategy).append(")");
            }
        }
        return s.toString();
    }
}
