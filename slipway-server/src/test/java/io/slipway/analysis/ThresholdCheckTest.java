package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdCheckTest {
    private static final Duration WINDOW = Duration.ofSeconds(60);

    @Test
    void failsWhenP95IsAboveItsMaximumAndSaysSo() {
        Measurement candidate = Measurement.of("v2", WINDOW, 1204, 0, latencies(1204, 1840));
        CheckResult r = ThresholdCheck.p95AtMost(1000).withMinSamples(1000).evaluate(candidate, null);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence().explanation()).isEqualTo("p95 1840 ms > 1000 ms over 60 s, 1204 requests");
        assertThat(r.evidence().candidate()).isEqualTo(1840.0);
        assertThat(r.evidence().threshold()).isEqualTo("<= 1000 ms");
        assertThat(r.evidence().candidateSamples()).isEqualTo(1204);
        assertThat(r.evidence().window()).isEqualTo(WINDOW);
    }

    @Test
    void passesUnderTheMaximumAndRecordsStableForContext() {
        Measurement candidate = Measurement.of("v2", WINDOW, 2400, 0, latencies(2400, 180));
        Measurement stable = Measurement.of("v1", WINDOW, 9000, 0, latencies(9000, 175));
        CheckResult r = ThresholdCheck.p95AtMost(1000).evaluate(candidate, stable);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.evidence().stable()).isEqualTo(175.0);
        assertThat(r.evidence().explanation()).isEqualTo("p95 180 ms <= 1000 ms over 60 s, 2400 requests (stable 175 ms)");
    }

    @Test
    void p95IsTheNearestRankOfTheSamples() {
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i;
        }
        Measurement m = Measurement.of("v2", WINDOW, 100, 0, samples);
        assertThat(m.value(Measurement.P95)).hasValue(95.0);
        assertThat(m.value(Measurement.P99)).hasValue(99.0);
        assertThat(Measurement.of("v2", WINDOW, 1, 0, new double[] {7}).value(Measurement.P95)).hasValue(7.0);
    }

    @Test
    void errorRateAboveOnePercentFails() {
        Measurement candidate = Measurement.of("v2", WINDOW, 2000, 21, latencies(2000, 50));
        CheckResult r = ThresholdCheck.errorRateAtMost(0.01).evaluate(candidate, null);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence().explanation()).isEqualTo("errorRate 1.05 % > 1 % over 60 s, 2000 requests");
        Measurement atThreshold = Measurement.of("v2", WINDOW, 2000, 20, latencies(2000, 50));
        assertThat(ThresholdCheck.errorRateAtMost(0.01).evaluate(atThreshold, null).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void successRateCountsRequestsTheGatewayCouldNotDeliver() {
        Measurement candidate = new Measurement("v2", WINDOW, 2000, 10, 3, latencies(2000, 50), Map.of());
        CheckResult r = ThresholdCheck.successRateAtLeast(0.999).evaluate(candidate, null);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence().explanation()).isEqualTo("successRate 99.85 % < 99.9 % over 60 s, 2000 requests");
    }

    @Test
    void providerValuesAreCheckedByNameAndWinOverDerivedOnes() {
        Measurement candidate = new Measurement("v2", WINDOW, 5000, 0, 0, latencies(5000, 50),
                Map.of("cacheHitRate", 0.62, Measurement.P95, 1500.0));
        CheckResult hit = ThresholdCheck.value("cacheHitRate", 0.7, Double.POSITIVE_INFINITY).evaluate(candidate, null);
        assertThat(hit.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(hit.evidence().explanation()).isEqualTo("cacheHitRate 0.62 < 0.7 over 60 s, 5000 requests");
        assertThat(ThresholdCheck.p95AtMost(1000).evaluate(candidate, null).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void fewerRequestsThanTheMinimumIsInconclusiveNeverAPass() {
        Measurement quiet = Measurement.of("v2", WINDOW, 120, 0, latencies(120, 20));
        for (Check check : AnalysisTemplate.DEFAULTS.checks()) {
            CheckResult r = check.evaluate(quiet, quiet);
            assertThat(r.verdict()).as(check.name()).isEqualTo(Verdict.INCONCLUSIVE);
        }
        assertThat(ThresholdCheck.p95AtMost(1000).evaluate(quiet, null).evidence().explanation())
                .isEqualTo("p95: 120 requests over 60 s, fewer than the 2000 needed");
    }

    @Test
    void aMissingOrNaNProviderValueIsInconclusive() {
        Measurement noAnswer = new Measurement("v2", WINDOW, 5000, 0, 0, latencies(5000, 50),
                Map.of("cacheHitRate", Double.NaN));
        CheckResult nan = ThresholdCheck.value("cacheHitRate", 0.7, 1).evaluate(noAnswer, null);
        assertThat(nan.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(nan.evidence().explanation()).isEqualTo("cacheHitRate: no value over 60 s, 5000 requests");
        CheckResult missing = ThresholdCheck.value("queueDepth", 0, 10).evaluate(noAnswer, null);
        assertThat(missing.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void refusesBoundsThatPassEverythingOrNothing() {
        assertThatThrownBy(() -> ThresholdCheck.value("x", 2, 1)).hasMessageContaining("x: bounds [2.0, 1.0]");
        assertThatThrownBy(() -> ThresholdCheck.value("x", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY))
                .hasMessageContaining("pass nothing or everything");
        assertThatThrownBy(() -> ThresholdCheck.errorRateAtMost(0.01).withMinSamples(0))
                .hasMessageContaining("errorRate: minSamples 0");
    }

    @Test
    void measurementsRefuseCountsThatDoNotNestAndLatenciesThatAreNoDurations() {
        assertThatThrownBy(() -> Measurement.of("v2", WINDOW, 10, 11, new double[0]))
                .hasMessageContaining("v2: counts 10 requests, 11 errors");
        assertThatThrownBy(() -> Measurement.of("v2", WINDOW, 2, 0, new double[] {5, Double.NaN}))
                .hasMessageContaining("v2: latency sample NaN ms is not a duration");
        assertThatThrownBy(() -> Measurement.of("v2", WINDOW, 2, 0, new double[] {5, -3}))
                .hasMessageContaining("v2: latency sample -3.0 ms is not a duration");
    }

    static double[] latencies(int n, double value) {
        double[] samples = new double[n];
        Arrays.fill(samples, value);
        return samples;
    }
}
