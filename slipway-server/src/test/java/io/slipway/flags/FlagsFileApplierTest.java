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
import java.util.concurrent.CopyOnWriteArrayList;

import static io.slipway.flags.FlagsFileTest.VALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Flags#applyFile} on a real store: all or nothing, audited, and only what the file changed. */
class FlagsFileApplierTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(T0);
    Store store;
    Flags flags;
    final List<FlagChange> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("slipway.db"), clock);
        flags = restarted();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void writesSegmentsThenParentsThenChildrenEachAuditedAsTheFile() {
        String childFirst = VALID
                .replace("flags:\n", "flags:\n  cart-banner:\n    dependencies: [{flag: new-search}]\n")
                .replace("dependencies: [{flag: new-checkout}]", "category: search");
        FlagsFile file = file(childFirst);

        List<FlagChange> changes = flags.applyFile(file, file.actor());

        assertThat(changes).extracting(c -> c.segment() != null ? c.segment() : c.flag())
                .containsExactly("admins", "new-checkout", "new-search", "cart-banner");
        assertThat(changes).extracting(FlagChange::who).containsOnly("flags.yaml");
        assertThat(changes).extracting(FlagChange::reason).containsOnly("flags.yaml sha256:"
                + FlagsFile.sha256(childFirst).substring(0, 12));
        assertThat(heard).as("listeners (the SSE stream) are told").isEqualTo(changes);
        FlagRules rules = flags.ruleset("production").flags().stream().filter(f -> f.key().equals("new-checkout"))
                .findFirst().orElseThrow();
        assertThat(rules.strategies()).extracting(Strategy::rollout).containsExactly(100, 20);
        assertThat(flags.appliedFile().orElseThrow().hash()).isEqualTo(file.hash());
    }

    @Test
    void anInvalidFlagAmongValidOnesWritesNothing() {
        FlagsFile file = file(VALID.replace("{flag: new-checkout}", "{flag: old-checkout}"));

        assertThatThrownBy(() -> flags.applyFile(file, file.actor())).isInstanceOf(FlagsFileException.class)
                .hasMessageContaining("flags.new-search.dependencies[0].flag: \"old-checkout\" is not a flag");

        assertThat(flags.list()).isEmpty();
        assertThat(flags.segments()).as("the segments went first, and were rolled back").isEmpty();
        assertThat(flags.version()).isZero();
        assertThat(heard).isEmpty();
        assertThat(flags.appliedFile()).isEmpty();
    }

    @Test
    void theSameFileAgainWritesNothingAndKeepsWhenItWasApplied() {
        apply(VALID);
        long version = flags.version();
        clock.advance(Duration.ofHours(1));

        assertThat(apply(VALID)).isEmpty();
        assertThat(restarted().applyFile(file(VALID), file(VALID).actor())).as("after a restart").isEmpty();

        assertThat(flags.version()).isEqualTo(version);
        assertThat(flags.appliedFile().orElseThrow().appliedAt()).isEqualTo(T0);
    }

    @Test
    void aKillSwitchStaysInForceUntilTheFileChangesThatFlag() {
        apply(VALID);
        flags.disable("new-checkout", null, Actor.of("oncall"));

        flags = restarted();
        assertThat(apply(VALID)).isEmpty();
        assertThat(apply(VALID.replace("dependencies: [{flag: new-checkout}]", "dependencies: [{flag: new-checkout}]\n"
                + "    owner: search-team"))).extracting(FlagChange::flag).containsExactly("new-search");
        assertThat(flags.get("new-checkout").environment("production").enabled()).as("still killed").isFalse();

        apply(VALID.replace("rollout: 20}", "rollout: 40}"));
        Flag checkout = flags.get("new-checkout");
        assertThat(checkout.environment("production").enabled()).isTrue();
        assertThat(checkout.environment("production").strategies().get(1).rollout()).isEqualTo(40);
        assertThat(flags.history("new-checkout", 1).get(0).who()).isEqualTo("flags.yaml");
    }

    @Test
    void flagsTheFileDoesNotDeclareAreLeftAlone() {
        flags.create(Flag.of("legacy", null), Actor.of("alice"));
        apply(VALID);

        apply(VALID.replace("  new-search:\n    dependencies: [{flag: new-checkout}]\n", ""));

        assertThat(flags.list()).extracting(Flag::key).containsExactly("legacy", "new-checkout", "new-search");
        assertThat(flags.get("legacy").version()).isEqualTo(1);
    }

    @Test
    void aReloadNeitherRunsAScheduleStepAgainNorUndoesIt() {
        apply(VALID);
        clock.advance(Duration.ofDays(300));
        flags.applySchedule("new-checkout", clock.instant());
        Instant ran = flags.get("new-checkout").schedule().get(0).appliedAt();
        assertThat(ran).isEqualTo(clock.instant());

        clock.advance(Duration.ofDays(1));
        apply(VALID.replace("The database-backed checkout", "The checkout backed by the database"));

        Flag checkout = flags.get("new-checkout");
        assertThat(checkout.description()).isEqualTo("The checkout backed by the database");
        assertThat(checkout.schedule().get(0).appliedAt()).isEqualTo(ran);
        assertThat(checkout.environment("production").strategies().get(1).rollout()).as("the step's 40 %")
                .isEqualTo(40);
        assertThat(flags.applySchedule("new-checkout", clock.instant())).isEmpty();
    }

    @Test
    void aChangedScheduleStepIsANewStepStillToRun() {
        apply(VALID);
        clock.advance(Duration.ofDays(300));
        flags.applySchedule("new-checkout", clock.instant());

        apply(VALID.replace("production, rollout: 40}", "production, rollout: 50}"));

        Flag checkout = flags.get("new-checkout");
        assertThat(checkout.schedule().get(0).pending()).isTrue();
        assertThat(checkout.environment("production").strategies().get(1).rollout()).isEqualTo(20);
        assertThat(flags.applySchedule("new-checkout", clock.instant())).hasSize(1);
        assertThat(flags.get("new-checkout").environment("production").strategies().get(1).rollout()).isEqualTo(50);
    }

    private List<FlagChange> apply(String text) {
        FlagsFile file = file(text);
        return flags.applyFile(file, file.actor());
    }

    private static FlagsFile file(String text) {
        return FlagsFile.parse(text, "flags.yaml");
    }

    /** A new service over the same store, as after a server restart. */
    private Flags restarted() {
        Flags fresh = new Flags(new FlagRepository(store), List.of("production", "staging"), clock);
        heard.clear();
        fresh.addListener(heard::add);
        return fresh;
    }
}
