package io.slipway.flags;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A flag's planned changes in time order. Pure: which steps are due at a given instant, when the next
 * one is, and plans built from days ("20 % on day 6, 40 % on day 7 …").
 */
public final class Schedule {
    private Schedule() {
    }

    /**
     * The indices of the pending steps due at {@code now}, oldest first. After downtime every missed
     * step is returned, so each is applied and audited in order and the last one wins.
     */
    public static List<Integer> due(List<ScheduleStep> steps, Instant now) {
        List<Integer> due = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).pending() && !steps.get(i).at().isAfter(now)) {
                due.add(i);
            }
        }
        due.sort(Comparator.comparing(i -> steps.get(i).at()));
        return due;
    }

    /** When the earliest pending step is due, if any. */
    public static Optional<Instant> next(List<ScheduleStep> steps) {
        return steps.stream().filter(ScheduleStep::pending).map(ScheduleStep::at).min(Comparator.naturalOrder());
    }

    /**
     * A day-by-day plan: day 1 is {@code start}, so {@code day(6, 20)} is due five days later.
     *
     * @param percentByDay pairs of (day, percent), e.g. 6, 20, 7, 40, 8, 60, 9, 80, 10, 100
     * @throws IllegalArgumentException when the pairs are incomplete or a day is below 1
     */
    public static List<ScheduleStep> daily(Instant start, String environment, int... percentByDay) {
        if (percentByDay.length % 2 != 0) {
            throw new IllegalArgumentException("daily plan: give (day, percent) pairs, got " + percentByDay.length + " numbers");
        }
        List<ScheduleStep> steps = new ArrayList<>();
        for (int i = 0; i < percentByDay.length; i += 2) {
            int day = percentByDay[i];
            if (day < 1) {
                throw new IllegalArgumentException("daily plan: day " + day + " must be 1 or later (day 1 is the start)");
            }
            steps.add(ScheduleStep.rollout(start.plus(Duration.ofDays(day - 1L)), environment, percentByDay[i + 1]));
        }
        return steps;
    }
}
