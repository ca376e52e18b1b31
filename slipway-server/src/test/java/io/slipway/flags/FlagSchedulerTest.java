package io.slipway.flags;

import io.slipway.analysis.TestClock;
import io.slipway.store.FlagRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Schedules applied on time under a test clock, once each, across restarts. */
class FlagSchedulerTest {
    private static final Instant DAY1 = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant DAY6 = DAY1.plus(Duration.ofDays(5));

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(DAY1);
    Store store;
    Flags flags;

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("slipway.db"), clock);
        flags = new Flags(new FlagRepository(store), List.of("production", "staging"), clock);
        Flag seed = Flag.of("db-cache", "cache").withEnvironment("production", new FlagEnvironment(true,
                List.of(Strategy.segments("admins", "admins"), new Strategy("everyone", 0, null, null, List.of(),
                        List.of(), List.of())))).withSchedule(Schedule.daily(DAY1, "production", 6, 20, 7, 40, 8, 60, 9, 80, 10, 100));
        flags.putSegment(new Segment("admins", null, List.of(Constraint.of("role", Operator.IN, "admin"))), Actor.of("alice"));
        flags.create(seed, Actor.of("alice"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theSeedPlanRaisesTheRolloutOnItsDaysAndNotASecondEarlier() {
        FlagScheduler scheduler = new FlagScheduler(flags, clock);
        clock.advance(Duration.between(DAY1, DAY6).minusSeconds(1));
        assertThat(scheduler.tick()).isEmpty();
        assertThat(everyone()).isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(scheduler.tick()).hasSize(1);
        assertThat(everyone()).isEqualTo(20);
        assertThat(flags.get("db-cache").environment("production").strategies().get(0).rollout())
                .as("admins keep their strategy").isEqualTo(100);
        FlagChange change = flags.history("db-cache", 1).get(0);
        assertThat(change).extracting(FlagChange::action, FlagChange::who, FlagChange::environment)
                .containsExactly(FlagChange.Action.SCHEDULE, "schedule", "production");
        assertThat(change.reason()).contains("step due 2026-12-06T09:00:00Z").contains("rollout 20 %");
        assertThat(scheduler.tick()).as("applied once").isEmpty();
    }

    @Test
    void stepsMissedWhileDownAreAppliedInOrderAndNeverRepeatedAfterARestart() {
        clock.advance(Duration.ofDays(8).plusHours(1)); // day 9, 10:00: days 6 to 9 are due
        List<FlagUpdate> applied = new FlagScheduler(flags, clock).tick();
        assertThat(applied).extracting(u -> u.after().environment("production").strategies().get(1).rollout())
                .containsExactly(20, 40, 60, 80);
        assertThat(flags.nextScheduled()).contains(DAY1.plus(Duration.ofDays(9)));

        Flags restarted = new Flags(new FlagRepository(store), List.of("production", "staging"), clock);
        assertThat(new FlagScheduler(restarted, clock).tick()).isEmpty();
        clock.advance(Duration.ofDays(1));
        assertThat(new FlagScheduler(restarted, clock).tick()).hasSize(1);
        assertThat(everyone()).isEqualTo(100);
        assertThat(restarted.nextScheduled()).isEmpty();
    }

    @Test
    void aScheduleNamingAnUnknownEnvironmentOrStrategyIsRefused() {
        Flag f = flags.get("db-cache");
        assertThatThrownBy(() -> flags.put(f.withSchedule(List.of(ScheduleStep.rollout(DAY6, "qa", 20))), null,
                Actor.of("alice"))).hasMessageContaining("qa").extracting(e -> ((InvalidFlagException) e).field())
                .isEqualTo("schedule[0].environment");
        assertThatThrownBy(() -> flags.put(f.withSchedule(List.of(new ScheduleStep(DAY6, "production", "nobody", 20,
                null, null))), null, Actor.of("alice"))).hasMessageContaining("nobody");
        assertThat(flags.get("db-cache").schedule()).hasSize(5);
    }

    @Test
    void aStepCanSwitchAFlagOnAtItsTime() {
        flags.put(flags.get("db-cache").withEnvironment("staging", FlagEnvironment.OFF).withSchedule(List.of(
                new ScheduleStep(DAY6, "staging", null, null, true, null))), null, Actor.of("alice"));
        clock.advance(Duration.ofDays(5));
        new FlagScheduler(flags, clock).tick();
        assertThat(flags.get("db-cache").environment("staging").enabled()).isTrue();
        assertThat(Map.of("pending", flags.get("db-cache").schedule().get(0).pending())).containsEntry("pending", false);
    }

    private int everyone() {
        return flags.get("db-cache").environment("production").strategies().get(1).rollout();
    }
}
