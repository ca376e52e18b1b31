package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guard's exact binomial tail against SciPy ({@code binom.sf(k - 1, n, p)}), its behaviour on the
 * first requests of a failing version, and a simulation of 1000 guarded minutes of a healthy version
 * at 200 req/s, judged every 250 ms over the last 10 s, as the orchestrator does.
 */
class GuardTest {
    private static final Duration QUANTUM = Duration.ofMillis(250);
    private static final int PER_QUANTUM = 50;
    private static final int WINDOW_QUANTA = 40;

    @Test
    void upperTailMatchesScipy() {
        assertThat(Guard.upperTail(3, 3, 0.01)).isCloseTo(1.0e-06, within(1e-15));
        assertThat(Guard.upperTail(45, 2000, 0.01)).isCloseTo(9.066176727543228e-07, within(1e-15));
        assertThat(Guard.upperTail(10, 2000, 0.01)).isCloseTo(0.9951632298136822, within(1e-12));
        assertThat(Guard.upperTail(1, 300_000, 0.01)).isEqualTo(1.0);
        assertThat(Guard.upperTail(3100, 300_000, 0.01)).isCloseTo(0.034464044412986054, within(1e-9));
        assertThat(Guard.upperTail(20, 20, 0.05)).isCloseTo(9.536743164062511e-27, within(1e-35));
        assertThat(Guard.upperTail(0, 5, 0.1)).isEqualTo(1.0);
        assertThat(Guard.upperTail(2, 2, 0.001)).isCloseTo(1e-06, within(1e-15));
    }

    @Test
    void aVersionFailingEveryRequestBreachesOnItsThirdFailure() {
        assertThat(Guard.DEFAULTS.breach(failing(2))).isEmpty();
        CheckResult breach = Guard.DEFAULTS.breach(failing(3)).orElseThrow();
        assertThat(breach.check()).isEqualTo("guard error rate");
        assertThat(breach.evidence().explanation()).isEqualTo("guard error rate: 100 % of requests failed (5xx)"
                + " over 1 s, 3 of 3; above 1 % (p = 1.0e-06, needs < 0.0001)");
        assertThat(breach.evidence().candidateSamples()).isEqualTo(3);
    }

    @Test
    void evidenceAndTheFastPathAgree() {
        Guard.Counts c = new Guard.Counts(2000, 45, 0, 2000, 0);
        assertThat(Guard.DEFAULTS.breached(c)).isTrue();
        assertThat(Guard.DEFAULTS.evaluate(c, Duration.ofSeconds(10))).extracting(CheckResult::verdict)
                .containsExactly(Verdict.FAIL, Verdict.PASS, Verdict.PASS);
        Guard.Counts fine = new Guard.Counts(2000, 30, 1, 2000, 90);
        assertThat(Guard.DEFAULTS.breached(fine)).isFalse();
        assertThat(Guard.DEFAULTS.evaluate(fine, Duration.ofSeconds(10))).allMatch(r -> r.verdict() == Verdict.PASS);
    }

    @Test
    void noTrafficNeverBreaches() {
        assertThat(Guard.DEFAULTS.evaluate(Measurement.of("v2", Duration.ofSeconds(10), 0, 0, new double[0])))
                .allMatch(r -> r.verdict() == Verdict.PASS);
    }

    @Test
    void slowRequestsBreachTheP95Bound() {
        double[] latencies = new double[100];
        Arrays.fill(latencies, 0, 80, 50);
        Arrays.fill(latencies, 80, 100, 1500);
        CheckResult breach = Guard.DEFAULTS.breach(Measurement.of("v2", Duration.ofSeconds(10), 100, 0, latencies))
                .orElseThrow();
        assertThat(breach.check()).isEqualTo("guard p95");
        assertThat(breach.evidence().candidate()).isEqualTo(0.2);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Guard(1.5, 1000, 0.999, 0.9999, Duration.ofSeconds(10)))
                .hasMessageContaining("maxErrorRate: 1.5");
        assertThatThrownBy(() -> new Guard(0.01, 1000, 0.999, 1, Duration.ofSeconds(10)))
                .hasMessageContaining("confidence: 1.0");
        assertThatThrownBy(() -> new Guard(0.01, 1000, 0.999, 0.99, Duration.ZERO)).hasMessageContaining("window");
    }

    @Test
    void healthyVersionsAreAlmostNeverRolledBack() {
        Traffic traffic = new Traffic(11);
        int rollouts = 1000;
        int rolledBack = 0;
        for (int i = 0; i < rollouts; i++) {
            if (firstBreach(traffic, 60 * 4, Integer.MAX_VALUE, 0) >= 0) {
                rolledBack++;
            }
        }
        assertThat(rolledBack).as("healthy rollouts rolled back by the guard").isLessThanOrEqualTo(rollouts / 100);
    }

    @Test
    void catchesFivePercentErrorsWithinSecondsAndTotalFailureAtOnce() {
        Traffic traffic = new Traffic(12);
        int[] fivePercent = new int[200];
        for (int i = 0; i < fivePercent.length; i++) {
            fivePercent[i] = firstBreach(traffic, 2 * 60 * 4, 40, 0.05) - 40;
        }
        Arrays.sort(fivePercent);
        assertThat(fivePercent[0]).as("never before the fault").isGreaterThanOrEqualTo(0);
        assertThat(fivePercent[fivePercent.length * 99 / 100] * QUANTUM.toMillis())
                .as("99th percentile of the detection time of 5 %% errors, ms").isLessThanOrEqualTo(8_000);
        assertThat(firstBreach(traffic, 400, 40, 1.0)).as("total failure: caught in the quantum it starts")
                .isEqualTo(40);
    }

    /**
     * Quantum index of the guard's first breach over {@code quanta} quanta of simulated traffic whose
     * error rate becomes {@code faultErrorRate} from quantum {@code faultAt}; -1 when it never breaches.
     */
    private static int firstBreach(Traffic traffic, int quanta, int faultAt, double faultErrorRate) {
        ArrayDeque<Guard.Counts> window = new ArrayDeque<>();
        long[] sum = new long[5];
        for (int q = 0; q < quanta; q++) {
            double errorRate = q >= faultAt ? faultErrorRate : Traffic.ERROR_RATE;
            Measurement m = traffic.measure("v2", QUANTUM, PER_QUANTUM, 1.0, errorRate);
            Guard.Counts c = new Guard.Counts(m.requests(), m.errors(), m.gatewayErrors(), m.samples().length,
                    Guard.slowerThan(m.samples(), Guard.DEFAULTS.maxP95Millis()));
            window.addLast(c);
            add(sum, c, 1);
            if (window.size() > WINDOW_QUANTA) {
                add(sum, window.removeFirst(), -1);
            }
            Guard.Counts total = new Guard.Counts(sum[0], sum[1], sum[2], sum[3], sum[4]);
            if (Guard.DEFAULTS.breached(total)) {
                return q;
            }
        }
        return -1;
    }

    private static void add(long[] sum, Guard.Counts c, int sign) {
        sum[0] += sign * c.requests();
        sum[1] += sign * c.errors();
        sum[2] += sign * c.gatewayErrors();
        sum[3] += sign * c.samples();
        sum[4] += sign * c.slow();
    }

    private static Measurement failing(int n) {
        double[] latencies = new double[n];
        Arrays.fill(latencies, 5);
        return new Measurement("v3", Duration.ofSeconds(1), n, n, 0, latencies, Map.of());
    }
}
