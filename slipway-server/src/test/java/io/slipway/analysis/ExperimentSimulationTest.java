package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The report against simulated experiments, seeded. Under no real difference each test should call a
 * difference in about &alpha; = 5 % of the runs: with 2000 runs the count is binomial with mean 100 and
 * standard deviation 9.7, so [70, 130] fails a correct test about once in 500 seeds (fixed here) and
 * catches a one-sided or uncorrected test. With three variants the Holm family must keep the chance of
 * any false call near or below 5 % where uncorrected p-values reach about 12 %.
 */
class ExperimentSimulationTest {
    private static final int RUNS = 2000;

    @Test
    void identicalArmsAreCalledDifferentInAboutFivePercentOfRuns() {
        Random random = new Random(20240601);
        int called = 0;
        for (int run = 0; run < RUNS; run++) {
            ExperimentReport report = ExperimentReport.of("A", List.of(conversions(random, "A", 1000, 0.10),
                    conversions(random, "B", 1000, 0.10)));
            called += report.comparisons().get(0).verdict() == ExperimentVerdict.NO_SIGNIFICANT_DIFFERENCE ? 0 : 1;
        }
        assertThat(called).as("false calls in %d runs", RUNS).isBetween(70, 130);
    }

    @Test
    void holmKeepsTheFamilyWiseErrorOfThreeIdenticalVariantsNearFivePercent() {
        Random random = new Random(77);
        int anyCalled = 0;
        int anyRawBelowAlpha = 0;
        for (int run = 0; run < RUNS; run++) {
            List<VariantSample> arms = new ArrayList<>();
            for (String name : List.of("control", "B", "C", "D")) {
                arms.add(conversions(random, name, 1000, 0.10));
            }
            ExperimentReport report = ExperimentReport.of("control", arms);
            anyCalled += report.comparisons().stream()
                    .anyMatch(c -> c.verdict() != ExperimentVerdict.NO_SIGNIFICANT_DIFFERENCE) ? 1 : 0;
            anyRawBelowAlpha += report.comparisons().stream().anyMatch(c -> c.conversion().pValue() < 0.05) ? 1 : 0;
        }
        assertThat(anyCalled).as("runs with a false call after Holm").isBetween(40, 130);
        assertThat(anyRawBelowAlpha).as("runs with a raw p < 0.05").isGreaterThan(180);
    }

    @Test
    void identicalLatenciesAreCalledDifferentInAboutFivePercentOfRuns() {
        Random random = new Random(4242);
        int called = 0;
        for (int run = 0; run < RUNS; run++) {
            ExperimentReport report = ExperimentReport.of("A", List.of(latencies(random, "A", 200, 1.0),
                    latencies(random, "B", 300, 1.0)));
            called += report.comparisons().get(0).latencyMillis().verdict()
                    == ExperimentVerdict.NO_SIGNIFICANT_DIFFERENCE ? 0 : 1;
        }
        assertThat(called).as("false calls in %d runs", RUNS).isBetween(70, 130);
    }

    @Test
    void twoPointLiftWithTwentyThousandPerArmIsDetectedEveryTime() {
        // 10 % against 12 %: z = 0.02 / sqrt(0.1 * 0.9 / 20000 + 0.12 * 0.88 / 20000) = 6.4, power ~ 1.
        Random random = new Random(5);
        for (int run = 0; run < 20; run++) {
            ExperimentReport report = ExperimentReport.of("A", List.of(conversions(random, "A", 20_000, 0.10),
                    conversions(random, "B", 20_000, 0.12)));
            assertThat(report.comparisons().get(0).verdict()).as("run %d", run).isEqualTo(ExperimentVerdict.BETTER);
            assertThat(report.winner()).contains("B");
        }
    }

    @Test
    void tenPercentSlowerLatencyIsDetectedEveryTime() {
        Random random = new Random(6);
        for (int run = 0; run < 20; run++) {
            ExperimentReport report = ExperimentReport.of("A", List.of(latencies(random, "A", 2000, 1.0),
                    latencies(random, "B", 2000, 1.1)));
            assertThat(report.comparisons().get(0).latencyMillis().verdict()).isEqualTo(ExperimentVerdict.WORSE);
        }
    }

    private static VariantSample conversions(Random random, String name, int units, double rate) {
        int converted = 0;
        for (int i = 0; i < units; i++) {
            converted += random.nextDouble() < rate ? 1 : 0;
        }
        return VariantSample.ofConversions(name, units, converted);
    }

    /** Log-normal latencies around 100 ms times {@code slowdown} (skewed, as latencies are). */
    private static VariantSample latencies(Random random, String name, int requests, double slowdown) {
        Moments m = Moments.EMPTY;
        for (int i = 0; i < requests; i++) {
            m = m.plus(100 * slowdown * Math.exp(0.5 * random.nextGaussian()));
        }
        return new VariantSample(name, 0, 0, requests, 0, m, Moments.EMPTY);
    }
}
