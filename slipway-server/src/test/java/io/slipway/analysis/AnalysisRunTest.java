package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisRunTest {
    private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(60);

    @Test
    void anyFailedCheckFailsTheRun() {
        AnalysisRun run = AnalysisRun.of(AT, List.of(result(Verdict.PASS, "a ok"), result(Verdict.INCONCLUSIVE, "b ?"),
                result(Verdict.FAIL, "c bad")));
        assertThat(run.phase()).isEqualTo(Phase.FAILED);
        assertThat(run.message()).isEqualTo("c bad");
    }

    @Test
    void anInconclusiveCheckWithoutFailuresMakesTheRunInconclusive() {
        AnalysisRun run = AnalysisRun.of(AT, List.of(result(Verdict.PASS, "a ok"), result(Verdict.INCONCLUSIVE, "b ?")));
        assertThat(run.phase()).isEqualTo(Phase.INCONCLUSIVE);
        assertThat(run.message()).isEqualTo("b ?");
    }

    @Test
    void allPassingIsSuccessfulAndNoChecksIsInconclusive() {
        assertThat(AnalysisRun.of(AT, List.of(result(Verdict.PASS, "a"), result(Verdict.PASS, "b"))).phase())
                .isEqualTo(Phase.SUCCESSFUL);
        assertThat(AnalysisRun.of(AT, List.of()).phase()).isEqualTo(Phase.INCONCLUSIVE);
    }

    @Test
    void zeroTrafficIsInconclusiveNeverSuccessful() {
        Measurement none = Measurement.of("v2", WINDOW, 0, 0, new double[0]);
        AnalysisRun run = AnalysisTemplate.DEFAULTS.run(AT, none, none);
        assertThat(run.phase()).isEqualTo(Phase.INCONCLUSIVE);
        assertThat(run.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.INCONCLUSIVE);
        assertThat(run.message()).contains("errorRate: 0 requests over 60 s, fewer than the 2000 needed");
    }

    @Test
    void lowTrafficIsInconclusiveEvenWhenEveryRequestLooksPerfect() {
        Measurement quiet = Measurement.of("v2", WINDOW, 1999, 0, ThresholdCheckTest.latencies(1999, 10));
        Measurement stable = Measurement.of("v1", WINDOW, 50_000, 250, ThresholdCheckTest.latencies(50_000, 100));
        assertThat(AnalysisTemplate.DEFAULTS.run(AT, quiet, stable).phase()).isEqualTo(Phase.INCONCLUSIVE);
    }

    private static CheckResult result(Verdict verdict, String explanation) {
        return new CheckResult("c", verdict, new CheckResult.Evidence("m", WINDOW, 1.0, null, "<= 1", 10, 0, null,
                explanation));
    }
}
