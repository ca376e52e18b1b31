package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The default template against simulated traffic (see {@link Traffic}) at the default minimum sample
 * size on both sides, 1000 runs per scenario, seeded: same version on both sides (A/A) must fail at
 * most 1 % of runs; a 2x latency regression and 2 more percentage points of errors must fail at least
 * 99 %. Each run's time comes from a test clock advanced by the window.
 */
class SimulationTest {
    private static final int RUNS = 1000;
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final int N = (int) Check.DEFAULT_MIN_SAMPLES;

    @Test
    void sameVersionOnBothSidesFailsAtMostOnePercentOfRuns() {
        Outcomes o = simulate(1, 1.0, Traffic.ERROR_RATE);
        assertThat(o.failed).as("A/A: %s", o).isLessThanOrEqualTo(RUNS / 100);
        assertThat(o.successful).as("A/A: %s", o).isGreaterThanOrEqualTo(RUNS * 98 / 100);
    }

    @Test
    void doubledLatencyFailsAtLeast99PercentOfRuns() {
        Outcomes o = simulate(2, 2.0, Traffic.ERROR_RATE);
        assertThat(o.failed).as("2x latency: %s", o).isGreaterThanOrEqualTo(RUNS * 99 / 100);
    }

    @Test
    void twoMorePointsOfErrorsFailAtLeast99PercentOfRuns() {
        Outcomes o = simulate(3, 1.0, Traffic.ERROR_RATE + 0.02);
        assertThat(o.failed).as("+2 points of errors: %s", o).isGreaterThanOrEqualTo(RUNS * 99 / 100);
    }

    private static Outcomes simulate(long seed, double slowdown, double candidateErrorRate) {
        Traffic traffic = new Traffic(seed);
        TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
        Outcomes outcomes = new Outcomes();
        for (int i = 0; i < RUNS; i++) {
            clock.advance(WINDOW);
            Measurement stable = traffic.measure("v1", WINDOW, N, 1.0, Traffic.ERROR_RATE);
            Measurement candidate = traffic.measure("v2", WINDOW, N, slowdown, candidateErrorRate);
            outcomes.add(AnalysisTemplate.DEFAULTS.run(clock.instant(), candidate, stable));
        }
        return outcomes;
    }

    /** Counts of run phases and of failures per check, printed in assertion messages. */
    private static final class Outcomes {
        int successful;
        int failed;
        int inconclusive;
        final Map<String, Integer> failuresByCheck = new TreeMap<>();

        void add(AnalysisRun run) {
            switch (run.phase()) {
                case SUCCESSFUL -> successful++;
                case FAILED -> failed++;
                case INCONCLUSIVE -> inconclusive++;
                default -> throw new AssertionError("unexpected " + run);
            }
            run.checks().stream().filter(c -> c.verdict() == Verdict.FAIL)
                    .forEach(c -> failuresByCheck.merge(c.check(), 1, Integer::sum));
        }

        @Override
        public String toString() {
            return String.format("%d runs of %d requests a side: %d failed (%.1f %%), %d inconclusive, %d successful;"
                    + " failures by check %s", RUNS, N, failed, 100.0 * failed / RUNS, inconclusive, successful,
                    failuresByCheck);
        }
    }
}
