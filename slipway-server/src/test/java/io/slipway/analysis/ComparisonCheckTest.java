package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ComparisonCheckTest {
    private static final Duration WINDOW = Duration.ofSeconds(60);

    @Test
    void latencyFailsWhenTheCandidateIsClearlySlowerThanTheTolerance() {
        Measurement stable = Measurement.of("v1", WINDOW, 3000, 0, spread(3000, 100));
        Measurement candidate = Measurement.of("v2", WINDOW, 2000, 0, spread(2000, 200));
        CheckResult r = LatencyCheck.DEFAULT.evaluate(candidate, stable);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence().pValue()).isLessThan(1e-100);
        assertThat(r.evidence().candidate()).isEqualTo(200.0 + 999.0 / 2000 * 100, org.assertj.core.api.Assertions.within(1.0));
        assertThat(r.evidence().threshold()).isEqualTo("p < 0.01 for > +10 %");
        assertThat(r.evidence().explanation()).startsWith("latency: candidate more than 10 % slower than stable (p = ")
                .endsWith(" over 60 s, 2000 vs 3000 samples");
    }

    @Test
    void latencyWithinTheTolerancePassesHoweverManySamples() {
        Measurement stable = Measurement.of("v1", WINDOW, 50_000, 0, spread(50_000, 100));
        Measurement candidate = Measurement.of("v2", WINDOW, 50_000, 0, spread(50_000, 105));
        CheckResult r = LatencyCheck.DEFAULT.evaluate(candidate, stable);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.evidence().explanation()).startsWith("latency: no evidence the candidate is more than 10 % slower");
        CheckResult strict = new LatencyCheck(0.99, 0, 2000).evaluate(candidate, stable);
        assertThat(strict.verdict()).as("without tolerance 5 %% slower is significant").isEqualTo(Verdict.FAIL);
    }

    @Test
    void errorsFailWhenTheCandidateHasClearlyMoreThanStable() {
        Measurement stable = Measurement.of("v1", WINDOW, 2000, 10, spread(2000, 100));
        Measurement candidate = Measurement.of("v2", WINDOW, 2000, 50, spread(2000, 100));
        CheckResult r = ErrorRateCheck.DEFAULT.evaluate(candidate, stable);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence().candidate()).isEqualTo(0.025);
        assertThat(r.evidence().stable()).isEqualTo(0.005);
        assertThat(r.evidence().explanation()).startsWith(
                "errorRate: candidate error rate more than 0.2 points above stable (p = ")
                .contains("2.5 % vs 0.5 %").endsWith(" over 60 s, 2000 vs 2000 requests");
    }

    @Test
    void noErrorsAnywherePasses() {
        Measurement stable = Measurement.of("v1", WINDOW, 2000, 0, spread(2000, 100));
        Measurement candidate = Measurement.of("v2", WINDOW, 2000, 0, spread(2000, 100));
        CheckResult r = ErrorRateCheck.DEFAULT.evaluate(candidate, stable);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.evidence().pValue()).isBetween(0.0, 1.0);
    }

    @Test
    void withoutAStableVersionComparisonsAreInconclusive() {
        Measurement candidate = Measurement.of("v2", WINDOW, 5000, 0, spread(5000, 100));
        for (Check check : new Check[] {LatencyCheck.DEFAULT, ErrorRateCheck.DEFAULT}) {
            CheckResult r = check.evaluate(candidate, null);
            assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(r.evidence().explanation()).endsWith("no stable version to compare with");
        }
    }

    @Test
    void tooFewOnEitherSideIsInconclusive() {
        Measurement stable = Measurement.of("v1", WINDOW, 100_000, 0, spread(100_000, 100));
        Measurement candidate = Measurement.of("v2", WINDOW, 300, 150, spread(300, 900));
        CheckResult latency = LatencyCheck.DEFAULT.evaluate(candidate, stable);
        assertThat(latency.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(latency.evidence().explanation()).isEqualTo(
                "latency: 300 candidate and 100000 stable samples over 60 s, fewer than the 2000 needed on each side");
        assertThat(ErrorRateCheck.DEFAULT.evaluate(candidate, stable).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void refusesConfidenceOutsideZeroToOne() {
        assertThatThrownBy(() -> new LatencyCheck(99, 0.1, 2000)).hasMessageContaining("latency confidence 99.0");
        assertThatThrownBy(() -> new ErrorRateCheck(0.99, -1, 2000)).hasMessageContaining("error rate tolerance -1.0");
    }

    /** n latencies spread evenly over [base, base + 100). */
    private static double[] spread(int n, double base) {
        double[] samples = new double[n];
        for (int i = 0; i < n; i++) {
            samples[i] = base + 100.0 * i / n;
        }
        return samples;
    }
}
