package io.slipway.flags;

import io.slipway.analysis.TestClock;
import io.slipway.store.FlagRepository;
import io.slipway.store.Store;
import io.slipway.store.StoreLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flag service on a real SQLite store (PostgreSQL: the subclass): every change checked, audited with before and
 * after, versioned.
 */
class FlagsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Actor ALICE = Actor.of("alice");

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(T0);
    StoreLocation location;
    Store store;
    Flags flags;
    final List<FlagChange> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws SQLException {
        location = newStore();
        store = Store.open(location, clock);
        flags = new Flags(new FlagRepository(store), List.of("production", "staging"), clock);
        flags.addListener(heard::add);
    }

    /** Where each test's new, empty store lives. */
    StoreLocation newStore() throws SQLException {
        return StoreLocation.sqlite(dir.resolve("slipway.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createsAFlagAtVersionOneAndAuditsTheCreation() {
        FlagUpdate created = flags.create(Flag.of("new-search", "search"), ALICE);

        assertThat(created.after().version()).isEqualTo(1);
        assertThat(created.after().createdAt()).isEqualTo(T0);
        assertThat(flags.get("new-search")).isEqualTo(created.after());
        FlagChange change = flags.history("new-search", 10).get(0);
        assertThat(change).extracting(FlagChange::action, FlagChange::who, FlagChange::flag, FlagChange::before)
                .containsExactly(FlagChange.Action.CREATE, "alice", "new-search", null);
        assertThat(change.after().get("category").asText()).isEqualTo("search");
        assertThat(flags.version()).isEqualTo(change.version()).isPositive();
        assertThat(heard).containsExactly(change);
    }

    @Test
    void everyChangeIsAuditedWithBeforeAndAfterAndRaisesBothVersions() {
        flags.create(Flag.of("checkout", "payments"), ALICE);
        clock.advance(Duration.ofMinutes(1));
        flags.enable("checkout", "production", new Actor("bob", "admins first"));
        flags.rollout("checkout", "production", 40, null, ALICE);
        Flag off = flags.disable("checkout", null, new Actor("carol", "errors")).after();

        assertThat(off.version()).isEqualTo(4);
        assertThat(off.createdAt()).isEqualTo(T0);
        assertThat(off.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        List<FlagChange> history = flags.history("checkout", 10);
        assertThat(history).extracting(FlagChange::action).containsExactly(FlagChange.Action.DISABLE,
                FlagChange.Action.ROLLOUT, FlagChange.Action.ENABLE, FlagChange.Action.CREATE);
        assertThat(history).extracting(FlagChange::version).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        FlagChange rollout = history.get(1);
        assertThat(rollout.environment()).isEqualTo("production");
        assertThat(rollout.before().at("/environments/production/strategies")).isEmpty();
        assertThat(rollout.after().at("/environments/production/strategies/0/rollout").asInt()).isEqualTo(40);
        assertThat(history.get(2)).extracting(FlagChange::who, FlagChange::reason).containsExactly("bob", "admins first");
        assertThat(history.get(0).after().at("/environments/production/enabled").asBoolean()).isFalse();
        assertThat(flags.version()).isEqualTo(history.get(0).version());
        assertThat(heard).hasSize(4);
    }

    @Test
    void aChangeThatChangesNothingWritesNothing() {
        flags.create(Flag.of("checkout", null), ALICE);
        long version = flags.version();

        FlagUpdate again = flags.disable("checkout", null, ALICE);
        FlagUpdate samePut = flags.put(Flag.of("checkout", null), null, ALICE);

        assertThat(again.changed()).isFalse();
        assertThat(samePut.changed()).isFalse();
        assertThat(flags.get("checkout").version()).isEqualTo(1);
        assertThat(flags.version()).isEqualTo(version);
        assertThat(flags.history("checkout", 10)).hasSize(1);
        assertThat(heard).hasSize(1);
    }

    @Test
    void refusesInvalidFlagsNamingFieldAndValueAndWritesNothing() {
        flags.create(Flag.of("parent", null), ALICE);
        flags.create(withDependency(Flag.of("child", null), "parent"), ALICE);
        long version = flags.version();

        assertInvalid(() -> flags.create(withEnvironment(Flag.of("a", null), "qa", on()), ALICE),
                "environments", "qa", "is not a configured environment (flags.environments in slipway.yaml: production, staging)");
        assertInvalid(() -> flags.create(withEnvironment(Flag.of("a", null), "production",
                        new FlagEnvironment(true, List.of(Strategy.segments("admins", "admins")))), ALICE),
                "environments.production.strategies[0].segments", "admins", "is not a segment (there are none yet)");
        assertInvalid(() -> flags.create(withDependency(Flag.of("a", null), "nope"), ALICE),
                "dependencies[0].flag", "nope", "is not a flag");
        assertInvalid(() -> flags.create(withDependency(Flag.of("a", null), "child"), ALICE),
                "dependencies[0].flag", "child", "depends on parent itself, and dependencies are one level deep");
        assertInvalid(() -> flags.put(withDependency(Flag.of("parent", null), "a-third"), null, ALICE),
                "dependencies[0].flag", "a-third", "is not a flag");
        flags.create(Flag.of("other", null), ALICE);
        version = flags.version();
        assertInvalid(() -> flags.put(withDependency(Flag.of("parent", null), "other"), null, ALICE),
                "dependencies", "other", "cannot be added: flags depend on parent (child), and dependencies are one level deep");
        assertInvalid(() -> flags.enable("parent", "qa", ALICE), "environment", "qa", "is not a configured environment");
        assertInvalid(() -> flags.rollout("parent", "production", 140, null, ALICE), "percent", 140,
                "must be a whole number from 0 to 100");

        assertThat(flags.version()).as("nothing written").isEqualTo(version);
        assertThat(flags.get("parent").version()).isEqualTo(1);
        assertThat(flags.find("a")).isEmpty();
    }

    @Test
    void theFlagItselfRefusesWhatItCanTellAlone() {
        assertThatThrownBy(() -> Flag.of("a b", null)).isInstanceOf(InvalidFlagException.class)
                .hasMessage("key: \"a b\" may not contain whitespace, control characters or '/'");
        assertThatThrownBy(() -> Flag.of("stream", null))
                .hasMessage("key: \"stream\" is reserved (the API uses /api/v1/flags/stream)");
        assertThatThrownBy(() -> Flag.of(null, null)).hasMessage("key: missing");
        assertThatThrownBy(() -> new Flag("a", null, null, null, null, null, null,
                List.of(Variant.of("blue", 0), Variant.of("green", 0)), null, null, null, null, null, 0))
                .extracting(e -> ((InvalidFlagException) e).field()).isEqualTo("variants");
        assertThatThrownBy(() -> withDependency(Flag.of("a", null), "a"))
                .hasMessage("dependencies[0].flag: \"a\" is the flag itself");
    }

    @Test
    void theKillSwitchTurnsTheFlagOffInEveryEnvironment() {
        flags.create(withEnvironment(withEnvironment(Flag.of("checkout", null), "production", on()), "staging", on()),
                ALICE);

        FlagUpdate killed = flags.disable("checkout", null, ALICE);

        assertThat(killed.after().environments().values()).extracting(FlagEnvironment::enabled).containsOnly(false);
        assertThat(flags.ruleset("production").flags().get(0).enabled()).isFalse();
        assertThat(flags.history("checkout", 1).get(0).environment()).as("all environments").isNull();
    }

    @Test
    void disableAllSwitchesOffEveryFlagOfTheCategoryAndNoOther() {
        flags.create(withEnvironment(Flag.of("cache-read", "cache"), "production", on()), ALICE);
        flags.create(Flag.of("cache-write", "cache"), ALICE);
        flags.create(withEnvironment(Flag.of("search", "search"), "production", on()), ALICE);

        List<FlagUpdate> updates = flags.disableAll("cache", new Actor("oncall", "db errors"));

        assertThat(updates).extracting(u -> u.flag().key()).containsExactly("cache-read", "cache-write");
        assertThat(updates).extracting(FlagUpdate::changed).containsExactly(true, false);
        assertThat(flags.get("cache-read").environment("production").enabled()).isFalse();
        assertThat(flags.get("search").environment("production").enabled()).isTrue();
        assertThat(flags.history("cache-read", 1).get(0)).extracting(FlagChange::action, FlagChange::reason)
                .containsExactly(FlagChange.Action.DISABLE_ALL, "db errors");
        assertThat(flags.disableAll("nothing-has-this", ALICE)).isEmpty();
        assertThat(flags.categories()).containsExactly("cache", "search");
    }

    @Test
    void rolloutSetsTheLastStrategyOrTheNamedOneAndAddsOneWhenThereIsNone() {
        flags.putSegment(new Segment("admins", null, List.of(Constraint.of("role", Operator.IN, "admin"))), ALICE);
        Strategy everyone = new Strategy("everyone", 0, null, null, List.of(), List.of(), List.of());
        flags.create(withEnvironment(Flag.of("checkout", null), "production",
                new FlagEnvironment(true, List.of(Strategy.segments("admins", "admins"), everyone))), ALICE);

        flags.rollout("checkout", "production", 40, null, ALICE);
        flags.rollout("checkout", "production", 50, "admins", ALICE);
        Flag staged = flags.rollout("checkout", "staging", 20, null, ALICE).after();

        assertThat(staged.environment("production").strategies()).extracting(Strategy::rollout).containsExactly(50, 40);
        assertThat(staged.environment("staging")).isEqualTo(new FlagEnvironment(false, List.of(Strategy.rollout(20))));
        assertInvalid(() -> flags.rollout("checkout", "production", 10, "beta", ALICE), "strategy", "beta",
                "is not a strategy of checkout in production (strategies: admins, everyone)");
    }

    @Test
    void theRulesetCarriesTheStateVersionAndTheSegmentsItsFlagsName() {
        flags.putSegment(new Segment("admins", null, List.of(Constraint.of("role", Operator.IN, "admin"))), ALICE);
        flags.putSegment(new Segment("unused", null, List.of()), ALICE);
        flags.create(withEnvironment(Flag.of("checkout", null), "production",
                new FlagEnvironment(true, List.of(Strategy.segments("admins", "admins")))), ALICE);
        Ruleset before = flags.ruleset("production");

        flags.rollout("checkout", "production", 30, "admins", ALICE);
        Ruleset after = flags.ruleset("production");

        assertThat(before.segments()).extracting(Segment::name).containsExactly("admins");
        assertThat(before.version()).isEqualTo(3);
        assertThat(after.version()).isEqualTo(4).isEqualTo(flags.version());
        assertThat(after.flags().get(0).strategies().get(0).rollout()).isEqualTo(30);
        assertThat(flags.ruleset("staging").flags()).singleElement().extracting(FlagRules::enabled).isEqualTo(false);
        assertThat(flags.ruleset("production")).as("served from memory until the next change").isSameAs(after);
    }

    @Test
    void refusesStaleWritesAndDeletesThatWouldBreakOtherFlags() {
        flags.putSegment(new Segment("admins", null, List.of()), ALICE);
        flags.create(Flag.of("parent", null), ALICE);
        flags.create(withEnvironment(withDependency(Flag.of("child", null), "parent"), "production",
                new FlagEnvironment(true, List.of(Strategy.segments(null, "admins")))), ALICE);

        assertConflict(() -> flags.put(Flag.of("parent", "x"), 7L, ALICE), "flag \"parent\" is at version 1, not 7");
        assertConflict(() -> flags.delete("parent", null, ALICE), "flag \"parent\" cannot be deleted while flags depend on it: child");
        assertConflict(() -> flags.deleteSegment("admins", ALICE), "segment \"admins\" cannot be deleted while flags use it: child");
        assertConflict(() -> flags.create(Flag.of("parent", null), ALICE), "flag \"parent\" already exists");
        assertThat(flags.put(Flag.of("parent", "x"), 1L, ALICE).after().version()).isEqualTo(2);

        flags.delete("child", 1L, ALICE);
        flags.deleteSegment("admins", ALICE);
        assertThat(flags.find("child")).isEmpty();
        assertThat(flags.history("child", 10)).extracting(FlagChange::action)
                .containsExactly(FlagChange.Action.DELETE, FlagChange.Action.CREATE);
        assertThatThrownBy(() -> flags.get("child")).isInstanceOf(FlagException.class)
                .extracting(e -> ((FlagException) e).kind()).isEqualTo(FlagException.Kind.NOT_FOUND);
    }

    @Test
    void changesMadeAtTheSameTimeAreAllRecordedEachWithItsOwnVersion() throws Exception {
        flags.create(Flag.of("a", null), ALICE);
        List<Callable<FlagUpdate>> rollouts = new ArrayList<>();
        for (int percent = 1; percent <= 40; percent++) {
            int p = percent;
            rollouts.add(() -> flags.rollout("a", "production", p, null, Actor.of("user-" + p)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<FlagUpdate> f : pool.invokeAll(rollouts)) {
                assertThat(f.get().changed()).isTrue();
            }
        } finally {
            pool.shutdown();
        }

        List<FlagChange> history = flags.history("a", 100);
        assertThat(flags.get("a").version()).isEqualTo(41);
        assertThat(history).hasSize(41).extracting(FlagChange::version).doesNotHaveDuplicates();
        assertThat(history.get(0).after().at("/environments/production/strategies/0/rollout").asInt())
                .isEqualTo(flags.get("a").environment("production").strategies().get(0).rollout());
        assertThat(heard).extracting(FlagChange::version).containsExactlyInAnyOrderElementsOf(
                history.stream().map(FlagChange::version).toList());
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersNorTheChange() {
        flags.addListener(c -> {
            throw new IllegalStateException("listener bug");
        });
        List<Long> after = new CopyOnWriteArrayList<>();
        flags.addListener(c -> after.add(c.version()));

        flags.create(Flag.of("a", null), ALICE);

        assertThat(after).containsExactly(flags.version());
        assertThat(flags.find("a")).isPresent();
    }

    @Test
    void theStateAndItsVersionSurviveARestart() {
        flags.create(withEnvironment(Flag.of("a", "c"), "production", on()), ALICE);
        long version = flags.version();
        store.close();

        store = Store.open(location, clock);
        Flags reopened = new Flags(new FlagRepository(store), List.of("production"), clock);

        assertThat(reopened.version()).isEqualTo(version);
        assertThat(reopened.ruleset("production").flags()).singleElement().extracting(FlagRules::enabled).isEqualTo(true);
        assertThat(reopened.create(Flag.of("b", null), ALICE).change().version()).isEqualTo(version + 1);
    }

    private static FlagEnvironment on() {
        return new FlagEnvironment(true, List.of());
    }

    private static Flag withEnvironment(Flag f, String environment, FlagEnvironment state) {
        return f.withEnvironment(environment, state);
    }

    private static Flag withDependency(Flag f, String parent) {
        return new Flag(f.key(), f.description(), f.category(), f.owner(), f.tags(), f.staleAfter(), f.environments(),
                f.variants(), List.of(Dependency.on(parent)), null, null, null, null, 0);
    }

    private static void assertInvalid(Runnable change, String field, Object value, String problem) {
        assertThatThrownBy(change::run).isInstanceOf(InvalidFlagException.class)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(Map.of("field", ((InvalidFlagException) e).field(),
                        "value", ((InvalidFlagException) e).value())).isEqualTo(Map.of("field", field, "value", value)));
    }

    private static void assertConflict(Runnable change, String message) {
        assertThatThrownBy(change::run).isInstanceOf(FlagException.class).hasMessageContaining(message)
                .extracting(e -> ((FlagException) e).kind()).isEqualTo(FlagException.Kind.CONFLICT);
    }
}
