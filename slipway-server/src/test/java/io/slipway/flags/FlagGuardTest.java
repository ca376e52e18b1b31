package io.slipway.flags;

import io.slipway.analysis.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagGuardTest {
    private final FlagGuard guard = FlagGuard.DEFAULTS;

    @Test
    void switchesOffWhenTheOnSideFailsMoreThanTheOffSide() {
        GuardDecision d = guard.judge(traffic(2000, 0.06, 50, 10, 1), traffic(2000, 0.01, 50, 10, 2));
        assertThat(d.degraded()).isTrue();
        assertThat(d.reason()).contains("error rate on vs off: 6");
    }

    @Test
    void switchesOffWhenTheOnSideIsSlowerByMoreThanTheTolerance() {
        GuardDecision d = guard.judge(traffic(1000, 0, 260, 40, 3), traffic(1000, 0, 120, 40, 4));
        assertThat(d.degraded()).isTrue();
        assertThat(d.reason()).contains("latency on vs off");
    }

    @Test
    void leavesAHealthyFlagOnAcrossManyWindows() {
        Random seeds = new Random(7);
        int falseAlarms = 0;
        for (int i = 0; i < 500; i++) {
            long s = seeds.nextLong();
            falseAlarms += guard.judge(traffic(500, 0.02, 80, 30, s), traffic(500, 0.02, 80, 30, s + 1)).degraded() ? 1 : 0;
        }
        // Three one-sided checks at 99 %: about 1 % of identical windows may fail, and one rarely.
        assertThat(falseAlarms).isLessThanOrEqualTo(10);
    }

    @Test
    void waitsForEnoughTrafficButStillCatchesAnOnSideThatFailsOutright() {
        GuardDecision few = guard.judge(traffic(50, 0.0, 80, 10, 5), traffic(50, 0.0, 80, 10, 6));
        assertThat(few.degraded()).isFalse();
        assertThat(few.checks()).filteredOn(c -> c.verdict() == Verdict.INCONCLUSIVE).hasSize(2);
        GuardDecision fullRollout = guard.judge(traffic(300, 0.3, 80, 10, 7), FlagTraffic.NONE);
        assertThat(fullRollout.degraded()).isTrue();
        assertThat(fullRollout.reason()).startsWith("error rate on: 29.3");
    }

    @Test
    void refusesOutOfRangeSettingsNamingThem() {
        assertThatThrownBy(() -> new FlagGuard(0.01, 100, 1.5, 0.99, 200, FlagGuard.DEFAULTS.window()))
                .hasMessageContaining("guard.maxErrorRate: 1.5");
        assertThatThrownBy(() -> new FlagTraffic(5, 6, 0, 0)).hasMessageContaining("6 errors in 5 requests");
    }

    /** Simulated traffic: Bernoulli errors and normal latencies (mean, sd), from a seed. */
    private static FlagTraffic traffic(int n, double errorRate, double mean, double sd, long seed) {
        Random r = new Random(seed);
        long errors = 0;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            errors += r.nextDouble() < errorRate ? 1 : 0;
            double ms = Math.max(0, mean + sd * r.nextGaussian());
            sum += ms;
            squares += ms * ms;
        }
        return new FlagTraffic(n, errors, sum, squares);
    }
}
