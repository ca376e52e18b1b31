package io.slipway.flags;

import io.slipway.analysis.TestClock;
import io.slipway.store.FlagEventRepository;
import io.slipway.store.FlagRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A guarded flag switches itself off when the SDKs report its on side failing more (injected errors). */
class FlagGuardsTest {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
    Store store;
    Flags flags;
    FlagEventRepository events;
    final List<GuardDecision> tripped = new ArrayList<>();

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("slipway.db"), clock);
        flags = new Flags(new FlagRepository(store), List.of("production"), clock);
        events = new FlagEventRepository(store);
        flags.create(guarded(), Actor.of("alice"));
        clock.advance(Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void switchesItselfOffWithTheEvidenceWhenTheOnSideFails() {
        report(300, 30, 300, 1); // 10 % errors with the flag on, 0.3 % without
        List<FlagUpdate> off = guards().tick();
        assertThat(off).hasSize(1);
        assertThat(flags.get("db-reads").environment("production").enabled()).isFalse();
        FlagChange change = flags.history("db-reads", 1).get(0);
        assertThat(change).extracting(FlagChange::action, FlagChange::who).containsExactly(FlagChange.Action.GUARD, "guard");
        assertThat(change.reason()).contains("error rate on vs off: 10 % on vs 0.333 % off");
        assertThat(tripped).singleElement().extracting(GuardDecision::degraded).isEqualTo(true);
    }

    @Test
    void leavesAHealthyFlagOnAndWaitsForEnoughTraffic() {
        report(300, 1, 300, 1);
        report(10, 0, 10, 0);
        assertThat(guards().tick()).isEmpty();
        assertThat(flags.get("db-reads").environment("production").enabled()).isTrue();
        assertThat(flags.history("db-reads", 5)).noneMatch(c -> c.action() == FlagChange.Action.GUARD);
    }

    @Test
    void aFlagSwitchedBackOnIsJudgedOnlyOnTrafficSinceThen() {
        report(300, 30, 300, 1);
        guards().tick();
        clock.advance(Duration.ofSeconds(20));
        flags.enable("db-reads", "production", Actor.of("alice"));
        clock.advance(Duration.ofSeconds(10));
        assertThat(guards().tick()).as("the old failures are not held against it").isEmpty();
        report(300, 40, 300, 1);
        assertThat(guards().tick()).hasSize(1);
    }

    private FlagGuards guards() {
        return new FlagGuards(flags, events, clock, (update, decision) -> tripped.add(decision));
    }

    private static Flag guarded() {
        Flag f = Flag.of("db-reads", "cache").withEnvironment("production", new FlagEnvironment(true,
                List.of(Strategy.rollout(50))));
        return new Flag(f.key(), null, f.category(), null, null, null, f.environments(), null, null, null,
                FlagGuard.DEFAULTS, null, null, 0);
    }

    /** One SDK batch: requests and errors on each side, latencies 20 ms each. */
    private void report(long onRequests, long onErrors, long offRequests, long offErrors) {
        events.record(new EventBatch("shop", "production", "h/1", null, List.of(), List.of(
                metric(true, "latency_ms", onRequests, 20), metric(true, "error", onErrors, 1),
                metric(false, "latency_ms", offRequests, 20), metric(false, "error", offErrors, 1)), List.of()));
    }

    private static EventBatch.Metric metric(boolean on, String name, long n, double each) {
        return new EventBatch.Metric("db-reads", "disabled", on, name, n, n * each, n * each * each, List.of());
    }
}
