package io.slipway.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.flags.FlagContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static io.slipway.sdk.TestRules.ENV;
import static io.slipway.sdk.TestRules.abTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ExperimentTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final FlagContext USER = FlagContext.ofUser("u1");

    private final AtomicLong nanos = new AtomicLong();
    private FakeSlipwayServer server;
    private SlipwayFlags flags;

    @BeforeEach
    void start() throws IOException {
        server = FakeSlipwayServer.start(abTest(1, 100, false));
        flags = SlipwayFlags.builder().server(server.uri()).environment(ENV).appName("shop").instance("test/1")
                .eventsInterval(Duration.ofHours(1)).nanoTime(nanos::get).build();
        assertThat(flags.awaitReady(WAIT)).isTrue();
    }

    @AfterEach
    void stop() {
        flags.close();
        server.close();
    }

    private void hybridOn() {
        server.publish(abTest(2, 100, true));
        await().atMost(WAIT).until(() -> flags.version() == 2);
    }

    /** A side that takes {@code ms} milliseconds by the test's clock and answers {@code value}. */
    private <T> Supplier<T> taking(long ms, T value) {
        return () -> {
            nanos.addAndGet(ms * 1_000_000);
            return value;
        };
    }

    private Experiment<String> experiment(Supplier<String> control, Supplier<String> candidate) {
        return flags.experiment("price-lookup", "hybrid.price-db").control(control).candidate(candidate).build();
    }

    @Test
    void returnsTheControlsResultWhileTheFlagIsOff() {
        Experiment<String> e = experiment(taking(1, "cache"), taking(1, "db"));
        assertThat(e.run(USER)).isEqualTo("cache");
        assertThat(e.snapshot()).extracting(Experiment.Snapshot::runs, Experiment.Snapshot::candidateUsed).containsExactly(1L, 0L);
    }

    @Test
    void returnsTheCandidatesResultWhenTheFlagIsOn() {
        hybridOn();
        Experiment<String> e = experiment(taking(1, "cache"), taking(1, "db"));
        assertThat(e.run(USER)).isEqualTo("db");
        assertThat(e.snapshot().candidateUsed()).isEqualTo(1);
    }

    @Test
    void countsResultsTheComparisonFindsDifferent() {
        Experiment<String> e = flags.experiment("price-lookup", "hybrid.price-db").control(() -> "A")
                .candidate(new java.util.ArrayDeque<>(java.util.List.of("a", "b", "A", "c"))::pop)
                .compare(String::equalsIgnoreCase).build();
        for (int i = 0; i < 4; i++) {
            e.run(USER);
        }
        Experiment.Snapshot s = e.snapshot();
        assertThat(s.mismatches()).isEqualTo(2);
        assertThat(s.mismatchRate()).isEqualTo(0.5);
    }

    @Test
    void aCandidateExceptionNeverReachesTheCallerAndIsCounted() {
        Experiment<String> e = experiment(() -> "cache", () -> {
            throw new IllegalStateException("db down");
        });
        assertThat(e.run(USER)).isEqualTo("cache");
        hybridOn();
        assertThat(e.run(USER)).as("flag on, candidate failed: the control's answer").isEqualTo("cache");
        Experiment.Snapshot s = e.snapshot();
        assertThat(s.candidateErrors()).isEqualTo(2);
        assertThat(s.candidateUsed()).isZero();
        assertThat(s.mismatches()).as("a failure is not a comparison").isZero();
    }

    @Test
    void aControlExceptionReachesTheCallerUnlessTheCandidateAnswers() {
        IllegalStateException down = new IllegalStateException("cache down");
        Experiment<String> e = experiment(() -> {
            throw down;
        }, () -> "db");
        assertThatThrownBy(() -> e.run(USER)).isSameAs(down);
        hybridOn();
        assertThat(e.run(USER)).isEqualTo("db");
        assertThat(e.snapshot().controlErrors()).isEqualTo(2);
    }

    @Test
    void measuresBothLatencies() {
        Experiment<String> fast = experiment(taking(5, "x"), taking(20, "x"));
        for (int i = 0; i < 98; i++) {
            fast.run(USER);
        }
        Experiment<String> slow = experiment(taking(5, "x"), taking(300, "x"));
        slow.run(USER);
        slow.run(USER);

        Experiment.Snapshot s = fast.snapshot(); // shared by name with the slow one
        assertThat(s.runs()).isEqualTo(100);
        assertThat(s.controlMeanMs()).isEqualTo(5.0);
        assertThat(s.candidateMeanMs()).isEqualTo((98 * 20 + 2 * 300) / 100.0);
        assertThat(s.controlP99Ms()).isEqualTo(5.0);
        assertThat(s.candidateP99Ms()).isEqualTo(300.0);
    }

    @Test
    void resultsArePostedInTheExperimentsSectionOfTheBatch() {
        Experiment<String> e = experiment(taking(2, "cache"), taking(3, "db"));
        e.run(USER);
        e.run(USER);
        flags.reporter().flush(Duration.ofSeconds(5));

        JsonNode result = ReporterTest.single(ReporterTest.single(server.postedEvents).get("experiments"));
        assertThat(result.get("name").asText()).isEqualTo("price-lookup");
        assertThat(result.get("flag").asText()).isEqualTo("hybrid.price-db");
        assertThat(result.get("runs").asLong()).isEqualTo(2);
        assertThat(result.get("mismatches").asLong()).isEqualTo(2);
        assertThat(result.get("candidateUsed").asLong()).isZero();
        assertThat(result.get("controlMs").get("sum").asDouble()).isEqualTo(4.0);
        assertThat(result.get("candidateMs").get("sumSquares").asDouble()).isEqualTo(18.0);

        flags.reporter().flush(Duration.ofSeconds(5));
        assertThat(server.postedEvents).as("an interval without runs sends nothing").hasSize(1);
    }

    @Test
    void aNameAlreadyUsedWithAnotherFlagIsRefused() {
        experiment(() -> "a", () -> "b");
        assertThatThrownBy(() -> flags.experiment("price-lookup", "checkout").control(() -> "a").candidate(() -> "b").build())
                .hasMessage("experiment price-lookup: already runs on flag hybrid.price-db, not checkout");
        assertThatThrownBy(() -> flags.experiment("other", "checkout").control(() -> "a").build())
                .hasMessageContaining("experiment other: candidate missing");
    }
}
