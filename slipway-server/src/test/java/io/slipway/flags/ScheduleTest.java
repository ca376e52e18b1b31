package io.slipway.flags;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {
    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void theSeedPlanPutsEachStepOnItsDay() {
        List<ScheduleStep> plan = Schedule.daily(START, "production", 6, 20, 7, 40, 8, 60, 9, 80, 10, 100);
        assertThat(plan).extracting(ScheduleStep::at).containsExactly(Instant.parse("2026-12-06T09:00:00Z"),
                Instant.parse("2026-12-07T09:00:00Z"), Instant.parse("2026-12-08T09:00:00Z"),
                Instant.parse("2026-12-09T09:00:00Z"), Instant.parse("2026-12-10T09:00:00Z"));
        assertThat(plan).extracting(ScheduleStep::rollout).containsExactly(20, 40, 60, 80, 100);
    }

    @Test
    void aStepIsDueFromItsInstantOnAndNotASecondBefore() {
        List<ScheduleStep> plan = Schedule.daily(START, "production", 6, 20, 7, 40);
        Instant day6 = Instant.parse("2026-12-06T09:00:00Z");
        assertThat(Schedule.due(plan, day6.minusSeconds(1))).isEmpty();
        assertThat(Schedule.due(plan, day6)).containsExactly(0);
        assertThat(Schedule.next(plan)).contains(day6);
    }

    @Test
    void stepsMissedWhileDownAreAllDueInOrderAndAppliedOnesNeverAgain() {
        List<ScheduleStep> plan = new ArrayList<>(Schedule.daily(START, "production", 8, 60, 6, 20, 7, 40));
        Instant day9 = START.plus(Duration.ofDays(8));
        assertThat(Schedule.due(plan, day9)).containsExactly(1, 2, 0);
        plan.set(1, plan.get(1).appliedAt(day9));
        assertThat(Schedule.due(plan, day9)).containsExactly(2, 0);
        assertThat(Schedule.next(plan)).contains(START.plus(Duration.ofDays(6)));
    }

    @Test
    void incompleteStepsAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> new ScheduleStep(START, "production", null, null, null, null)).hasMessageContaining("sets nothing");
        assertThatThrownBy(() -> ScheduleStep.rollout(START, "production", 120)).hasMessageContaining("rollout 120");
        assertThatThrownBy(() -> Schedule.daily(START, "production", 0, 20)).hasMessageContaining("day 0");
        assertThatThrownBy(() -> Schedule.daily(START, "production", 6)).hasMessageContaining("pairs");
    }
}
