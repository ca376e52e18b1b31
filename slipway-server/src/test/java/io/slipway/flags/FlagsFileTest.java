package io.slipway.flags;

import io.slipway.analysis.TestClock;
import io.slipway.store.FlagRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * flags.yaml read into flags and segments, and every kind of problem reported at its line and column
 * with the path and value: what the file alone shows when parsed, what the rest of the state shows when
 * applied to a real store.
 */
class FlagsFileTest {
    /** The format documented in docs/configuration.md. */
    static final String VALID = """
            segments:
              admins:
                description: Staff
                constraints:
                  - {contextName: role, operator: IN, values: [admin]}
            flags:
              new-checkout:
                description: The database-backed checkout
                category: checkout
                owner: payments-team
                environments:
                  production:
                    enabled: true
                    strategies:
                      - {name: admins, segments: [admins]}
                      - {name: everyone, rollout: 20}
                variants:
                  - {name: control, weight: 1}
                  - {name: cached, weight: 1, payload: {type: string, value: redis}}
                schedule:
                  - {at: 2026-12-12T09:00:00Z, environment: production, rollout: 40}
                guard: {maxErrorRateIncrease: 0.01, window: 5m}
              new-search:
                dependencies: [{flag: new-checkout}]
            """;

    @TempDir
    Path dir;
    Store store;
    Flags flags;

    @BeforeEach
    void open() {
        TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
        store = Store.open(dir.resolve("slipway.db"), clock);
        flags = new Flags(new FlagRepository(store), List.of("production", "staging"), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void readsSegmentsAndFlagsAsTheApiJsonKeyedByName() {
        FlagsFile file = FlagsFile.parse(VALID, "flags.yaml");

        assertThat(file.segments()).extracting(Segment::name).containsExactly("admins");
        assertThat(file.segments().get(0).constraints().get(0).values()).containsExactly("admin");
        assertThat(file.flags()).extracting(Flag::key).containsExactly("new-checkout", "new-search");
        Flag checkout = file.flags().get(0);
        assertThat(checkout.owner()).isEqualTo("payments-team");
        assertThat(checkout.environment("production").strategies()).extracting(Strategy::rollout)
                .containsExactly(100, 20);
        assertThat(checkout.variants().get(1).payload().value()).isEqualTo("redis");
        assertThat(checkout.schedule().get(0).at()).isEqualTo(Instant.parse("2026-12-12T09:00:00Z"));
        assertThat(checkout.guard().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(file.flags().get(1).dependencies().get(0).flag()).isEqualTo("new-checkout");
        assertThat(file.actor().reason()).isEqualTo("flags.yaml sha256:" + FlagsFile.sha256(VALID).substring(0, 12));
    }

    @Test
    void theExampleInTheDocsIsValid() throws IOException {
        String docs = Files.readString(Path.of("../docs/configuration.md"));
        int section = docs.indexOf("### `flags.yaml`");
        int start = docs.indexOf("```yaml\n", section) + "```yaml\n".length();
        FlagsFile example = FlagsFile.parse(docs.substring(start, docs.indexOf("```", start)), "configuration.md");

        flags.applyFile(example, example.actor());

        assertThat(flags.list()).extracting(Flag::key).containsExactly("new-checkout", "new-search");
        assertThat(flags.get("new-checkout").schedule()).hasSize(2);
    }

    @Test
    void anEmptyFileDeclaresNothing() {
        assertThat(FlagsFile.parse("", "flags.yaml").flags()).isEmpty();
        assertThat(FlagsFile.parse("flags:\n", "flags.yaml").segments()).isEmpty();
    }

    @Test
    void brokenYamlIsRefusedAtItsLineAndColumn() {
        assertProblems(VALID.replace("category: checkout", "category: [checkout"),
                "flags.yaml:10:10: expected ',' or ']', but got : (while parsing a flow sequence at 9:15)");
        assertProblems(VALID.replace("    owner:", "    category: twice\n    owner:"),
                "flags.yaml:10:5: duplicate key category (first at line 9)");
    }

    @Test
    void anUnknownFieldIsRefusedWithTheFieldsThatAreKnown() {
        String problem = only(VALID.replace("    owner: payments-team", "    owner: payments-team\n    colour: blue"));
        assertThat(problem).startsWith("flags.yaml:11:13: flags.new-checkout.colour: \"blue\" is not a known field"
                + " (expected one of category, createdAt, dependencies, description, environments, guard, key, owner,");
        assertProblems(VALID.replace("segments:\n  admins:", "segment:\n  admins:"),
                "flags.yaml:1:1: segment: is not a known section (expected one of flags, segments)");
    }

    @Test
    void aRolloutOutOfRangeIsRefusedAtTheRollout() {
        assertProblems(VALID.replace("rollout: 20}", "rollout: 140}"),
                "flags.yaml:16:39: flags.new-checkout.environments.production.strategies[1]: strategy everyone:"
                        + " rollout 140 must be a percentage from 0 to 100");
        assertProblems(VALID.replace("production, rollout: 40}", "production, rollout: 140}"),
                "flags.yaml:21:70: flags.new-checkout.schedule[0]: schedule step at 2026-12-12T09:00:00Z: rollout 140"
                        + " must be a percentage from 0 to 100");
    }

    @Test
    void aKeyOtherThanItsMapKeyIsRefused() {
        assertProblems(VALID.replace("  new-search:\n", "  new-search:\n    key: old-search\n"),
                "flags.yaml:24:10: flags.new-search.key: \"old-search\" does not match its map key, new-search");
        assertProblems(VALID.replace("  new-search:\n", "  new-search:\n    version: 3\n"),
                "flags.yaml:24:14: flags.new-search.version: \"3\" is set by the server; remove it");
    }

    @Test
    void everyDeclarationIsCheckedNotOnlyTheFirstWrongOne() {
        String twoWrong = VALID.replace("rollout: 20}", "rollout: 140}")
                .replace("dependencies: [{flag: new-checkout}]", "dependencies: {flag: new-checkout}")
                .replace("    description: Staff", "    description: Staff\n    owner: ops");

        assertThatThrownBy(() -> FlagsFile.parse(twoWrong, "flags.yaml")).isInstanceOfSatisfying(
                FlagsFileException.class, e -> assertThat(e.problems()).containsExactly(
                        "flags.yaml:4:12: segments.admins.owner: \"ops\" is not a known field (expected one of"
                                + " constraints, description, name)",
                        "flags.yaml:17:39: flags.new-checkout.environments.production.strategies[1]: strategy"
                                + " everyone: rollout 140 must be a percentage from 0 to 100",
                        "flags.yaml:25:5: flags.new-search.dependencies: \"{\"flag\":\"new-checkout\"}\""
                                + " is not a list"));
    }

    @Test
    void anUnknownSegmentIsRefusedWhenAppliedAtTheSegmentNamed() {
        FlagsFile file = FlagsFile.parse(VALID.replace("segments: [admins]}", "segments: [admin]}"), "flags.yaml");

        assertRefused(file, "flags.yaml:15:39: flags.new-checkout.environments.production.strategies[0].segments:"
                + " \"admin\" is not a segment (segments: admins)");
    }

    @Test
    void anUnknownEnvironmentIsRefusedWhenAppliedAtItsKey() {
        FlagsFile file = FlagsFile.parse(VALID.replace("    production:\n", "    qa:\n"), "flags.yaml");

        assertRefused(file, "flags.yaml:12:7: flags.new-checkout.environments: \"qa\" is not a configured environment"
                + " (flags.environments in slipway.yaml: production, staging)");
    }

    @Test
    void aDependencyOnAMissingFlagIsRefusedWhenAppliedAtTheParentNamed() {
        FlagsFile file = FlagsFile.parse(VALID.replace("{flag: new-checkout}", "{flag: old-checkout}"), "flags.yaml");

        assertRefused(file, "flags.yaml:24:27: flags.new-search.dependencies[0].flag: \"old-checkout\" is not a flag");
    }

    @Test
    void aParentInTheStoreOrASegmentInTheStoreIsEnough() {
        flags.putSegment(new Segment("staff", null, List.of()), Actor.of("alice"));
        flags.create(Flag.of("old-checkout", null), Actor.of("alice"));

        flags.applyFile(FlagsFile.parse(VALID.replace("{flag: new-checkout}", "{flag: old-checkout}")
                .replace("segments: [admins]}", "segments: [admins, staff]}"), "flags.yaml"), Actor.of("alice"));

        assertThat(flags.get("new-search").dependencies().get(0).flag()).isEqualTo("old-checkout");
    }

    private void assertRefused(FlagsFile file, String problem) {
        long version = flags.version();
        assertThatThrownBy(() -> flags.applyFile(file, file.actor())).isInstanceOf(FlagsFileException.class)
                .hasMessage(problem);
        assertThat(flags.version()).as("nothing written").isEqualTo(version);
        assertThat(flags.list()).isEmpty();
    }

    private static void assertProblems(String text, String... problems) {
        assertThatThrownBy(() -> FlagsFile.parse(text, "flags.yaml")).isInstanceOfSatisfying(FlagsFileException.class,
                e -> assertThat(e.problems()).containsExactly(problems));
    }

    private static String only(String text) {
        try {
            FlagsFile.parse(text, "flags.yaml");
        } catch (FlagsFileException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("accepted: " + text);
    }
}
