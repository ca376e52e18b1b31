package io.slipway.analysis;

import static io.slipway.analysis.NormalTest.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slipway.analysis.ExperimentReport.Goal;
import io.slipway.analysis.ExperimentReport.RateDifference;
import io.slipway.analysis.ExperimentReport.VariantSummary;
import io.slipway.analysis.ExperimentReport.VersusControl;
import java.lang.reflect.RecordComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference values: experiment_reference.py. z and p of a rate comparison:
 * {@code stats.chi2_contingency(table, correction=False)} (z² is its chi-square, p its p-value); Wilson
 * intervals: {@code stats.binomtest(x, n).proportion_ci(0.95, "wilson")}; Newcombe: {@code newcombe()};
 * Welch: {@code welch("large", ...)} (mpmath) and {@code stats.ttest_ind_from_stats}.
 */
class ExperimentReportTest {
    private static final Moments CONTROL_LATENCY = new Moments(5000, 200, 50.0 * 50 * 4999);
    private static final Moments SLOWER_LATENCY = new Moments(4000, 203, 60.0 * 60 * 3999);

    @Test
    void abTestGivesWilsonIntervalsNewcombeDifferenceAndPooledZTest() {
        ExperimentReport report = ExperimentReport.of("A", List.of(
                VariantSample.ofConversions("A", 1000, 100), VariantSample.ofConversions("B", 1000, 130)));

        VariantSummary b = report.variants().get(1);
        assertThat(b.conversion().value()).isEqualTo(0.13);
        assertRelative("B lower", b.conversion().interval().lower(), 0.1105637746248419, 1e-12);
        assertRelative("B upper", b.conversion().interval().upper(), 0.15226802665446887, 1e-12);
        assertRelative("A lower", report.variants().get(0).conversion().interval().lower(), 0.08290944359309571, 1e-12);

        RateDifference d = report.comparisons().get(0).conversion();
        assertThat(d.difference()).isCloseTo(0.03, within(1e-15));
        assertThat(d.relativeLift()).isCloseTo(0.3, within(1e-14));
        assertRelative("diff lower", d.interval().lower(), 0.0020023487152829866, 1e-11);
        assertRelative("diff upper", d.interval().upper(), 0.05807048502220283, 1e-12);
        assertRelative("z", d.z(), 2.1027406056221145, 1e-12);
        assertRelative("p", d.pValue(), 0.03548845046647463, 1e-11);
        assertThat(d.adjustedPValue()).isEqualTo(d.pValue());
        assertThat(d.verdict()).isEqualTo(ExperimentVerdict.BETTER);
        assertThat(report.winner()).contains("B");
        assertThat(d.explanation()).isEqualTo("conversion: 13 % vs 10 % (control), +3 points (95 % CI +0.2 to"
                + " +5.807), lift +30 %, p = 0.0355 (Holm 0.0355): better, 1000 vs 1000");
    }

    @Test
    void abnCorrectsTheComparisonsWithHolmSoARawFivePercentIsNotEnough() {
        // Raw p (chi-square): B 260/2000 0.0029420930704592775, C 240/2000 0.043244928043021755,
        // D 205/2000 0.7932648083723033. Holm: B x3 = 0.0088263, C x2 = 0.0864899, D x1 = 0.7932648.
        ExperimentReport report = ExperimentReport.of("control", List.of(
                VariantSample.ofConversions("control", 2000, 200), VariantSample.ofConversions("B", 2000, 260),
                VariantSample.ofConversions("C", 2000, 240), VariantSample.ofConversions("D", 2000, 205)));

        List<RateDifference> c = report.comparisons().stream().map(VersusControl::conversion).toList();
        assertRelative("B p", c.get(0).pValue(), 0.0029420930704592775, 1e-11);
        assertRelative("C p", c.get(1).pValue(), 0.043244928043021755, 1e-11);
        assertRelative("D p", c.get(2).pValue(), 0.7932648083723033, 1e-12);
        assertRelative("B adjusted", c.get(0).adjustedPValue(), 3 * 0.0029420930704592775, 1e-11);
        assertRelative("C adjusted", c.get(1).adjustedPValue(), 2 * 0.043244928043021755, 1e-11);
        assertRelative("D adjusted", c.get(2).adjustedPValue(), 0.7932648083723033, 1e-12);
        assertThat(report.comparisons()).extracting(VersusControl::verdict).containsExactly(ExperimentVerdict.BETTER,
                ExperimentVerdict.NO_SIGNIFICANT_DIFFERENCE, ExperimentVerdict.NO_SIGNIFICANT_DIFFERENCE);
        assertThat(report.winner()).contains("B");
    }

    @Test
    void namesNoWinnerWhenSeveralVariantsBeatTheControl() {
        ExperimentReport report = ExperimentReport.of("control", List.of(
                VariantSample.ofConversions("control", 2000, 200), VariantSample.ofConversions("B", 2000, 260),
                VariantSample.ofConversions("C", 2000, 265)));
        assertThat(report.comparisons()).extracting(VersusControl::verdict)
                .containsOnly(ExperimentVerdict.BETTER);
        assertThat(report.winner()).isEmpty();
    }

    @Test
    void latencyAndCustomMetricAreComparedWithWelchAndJudgedByTheirGoal() {
        List<VariantSample> samples = List.of(
                new VariantSample("A", 1000, 100, 5000, 10, CONTROL_LATENCY, CONTROL_LATENCY),
                new VariantSample("B", 1000, 100, 4000, 8, SLOWER_LATENCY, SLOWER_LATENCY));
        ExperimentReport report = ExperimentReport.of("A", samples);

        ExperimentReport.MeanDifference latency = report.comparisons().get(0).latencyMillis();
        assertRelative("t", latency.t(), 2.53546276418555, 1e-13);
        assertRelative("df", latency.degreesOfFreedom(), 7760.512495692165, 1e-13);
        assertRelative("p", latency.pValue(), 0.011249347150196489, 1e-12);
        assertRelative("lower", latency.interval().lower(), 0.6805775924210443, 1e-12);
        assertRelative("upper", latency.interval().upper(), 5.319422407578956, 1e-13);
        assertThat(latency.relativeLift()).isCloseTo(0.015, within(1e-15));
        assertThat(latency.verdict()).isEqualTo(ExperimentVerdict.WORSE);
        assertThat(report.comparisons().get(0).customMetric().verdict()).isEqualTo(ExperimentVerdict.BETTER);
        assertThat(ExperimentReport.of("A", samples, 0.95, Goal.DECREASE).comparisons().get(0).customMetric()
                .verdict()).isEqualTo(ExperimentVerdict.WORSE);
        assertThat(ExperimentReport.of("A", samples, 0.99, Goal.INCREASE).comparisons().get(0).latencyMillis()
                .verdict()).isEqualTo(ExperimentVerdict.NO_SIGNIFICANT_DIFFERENCE);

        // 200 -+ t(0.975, 4999) * 50 / sqrt(5000), mpmath.
        ExperimentReport.Mean control = report.variants().get(0).latencyMillis();
        assertRelative("mean lower", control.interval().lower(), 198.61376053884547, 1e-14);
        assertRelative("mean upper", control.interval().upper(), 201.38623946115453, 1e-14);
        assertThat(report.comparisons().get(0).verdict()).isEqualTo(ExperimentVerdict.NO_SIGNIFICANT_DIFFERENCE);
    }

    @Test
    void zeroErrorsAgainstFiftyIsJudgedBecauseTheExpectedCountsAreLarge() {
        // Pooled rate 50 / 20000: 25 errors expected a side. chi-square: z = -7.079923254047887, p = 1.44e-12.
        ExperimentReport report = ExperimentReport.of("A", List.of(
                new VariantSample("A", 1000, 100, 10_000, 50, Moments.EMPTY, Moments.EMPTY),
                new VariantSample("B", 1000, 100, 10_000, 0, Moments.EMPTY, Moments.EMPTY),
                new VariantSample("C", 1000, 100, 10_000, 90, Moments.EMPTY, Moments.EMPTY)));
        RateDifference b = report.comparisons().get(0).errors();
        assertRelative("z", b.z(), -7.079923254047887, 1e-12);
        assertRelative("p", b.pValue(), 1.4423431708998023e-12, 1e-9);
        assertThat(b.verdict()).isEqualTo(ExperimentVerdict.BETTER);
        assertThat(report.comparisons().get(1).errors().verdict()).isEqualTo(ExperimentVerdict.WORSE);
    }

    @Test
    void tooFewExposuresOrExpectedConversionsIsNotEnoughData() {
        assertThat(conversionVerdict(2000, 200, 99, 50)).isEqualTo(ExperimentVerdict.NOT_ENOUGH_DATA);
        assertThat(conversionVerdict(2000, 200, 100, 50)).isEqualTo(ExperimentVerdict.BETTER);
        // Pooled 9 / 4000: 4.5 expected conversions a side, below 5; 10 / 4000 gives exactly 5.
        assertThat(conversionVerdict(2000, 3, 2000, 6)).isEqualTo(ExperimentVerdict.NOT_ENOUGH_DATA);
        assertThat(conversionVerdict(2000, 4, 2000, 6)).isEqualTo(ExperimentVerdict.NO_SIGNIFICANT_DIFFERENCE);
        // Expected non-conversions count as much: 2000 of 2000 and 1997 of 2000 leave 1.5 a side.
        assertThat(conversionVerdict(2000, 2000, 2000, 1997)).isEqualTo(ExperimentVerdict.NOT_ENOUGH_DATA);
    }

    @Test
    void aVariantWithNothingIsNotEnoughDataAndNoNumberIsNaN() {
        ExperimentReport report = ExperimentReport.of("A", List.of(
                new VariantSample("A", 5000, 500, 9000, 30, CONTROL_LATENCY, Moments.EMPTY),
                new VariantSample("B", 0, 0, 0, 0, Moments.EMPTY, Moments.EMPTY),
                new VariantSample("C", 5000, 650, 9000, 30, Moments.of(250), Moments.EMPTY)));
        VersusControl b = report.comparisons().get(0);
        assertThat(List.of(b.verdict(), b.errors().verdict(), b.latencyMillis().verdict(), b.customMetric().verdict()))
                .containsOnly(ExperimentVerdict.NOT_ENOUGH_DATA);
        assertThat(b.conversion().rate()).isZero();
        assertThat(b.conversion().relativeLift()).isEqualTo(-1.0);
        assertThat(b.conversion().pValue()).isEqualTo(1.0);
        assertThat(report.variants().get(1).conversion().interval()).isEqualTo(new ConfidenceInterval(0, 1, 0.95));
        assertThat(report.variants().get(1).latencyMillis().interval().upper()).isEqualTo(Double.POSITIVE_INFINITY);
        // C still wins: B's untested comparison counts in the family with p = 1 (so C's p is doubled).
        assertThat(report.comparisons().get(1).conversion().adjustedPValue())
                .isEqualTo(Math.min(1, 2 * report.comparisons().get(1).conversion().pValue()));
        assertThat(report.winner()).contains("C");
        assertNoNaN("report", report);
        assertThat(b.conversion().explanation() + b.latencyMillis().explanation()).doesNotContain("NaN");
    }

    @Test
    void refusesReportsThatCannotBeMade() {
        VariantSample a = VariantSample.ofConversions("A", 100, 10);
        VariantSample b = VariantSample.ofConversions("B", 100, 10);
        assertThatThrownBy(() -> ExperimentReport.of("X", List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control \"X\" is none of");
        assertThatThrownBy(() -> ExperimentReport.of("A", List.of(a, a))).hasMessageContaining("\"A\" appears twice");
        assertThatThrownBy(() -> ExperimentReport.of("A", List.of(a))).hasMessageContaining("at least two variants, got 1");
        assertThatThrownBy(() -> ExperimentReport.of("A", List.of(a, b), 1.5, Goal.INCREASE))
                .hasMessageContaining("confidence 1.5");
        assertThatThrownBy(() -> VariantSample.ofConversions("B", 100, 101))
                .hasMessageContaining("variant B: conversions 101 is not in [0, exposures 100]");
        assertThatThrownBy(() -> new VariantSample("B", 100, 1, 10, 11, Moments.EMPTY, Moments.EMPTY))
                .hasMessageContaining("variant B: errors 11 is not in [0, requests 10]");
        assertThatThrownBy(() -> VariantSample.ofConversions("B", -1, 0)).hasMessageContaining("exposures -1");
    }

    private static ExperimentVerdict conversionVerdict(long nc, long xc, long n, long x) {
        return ExperimentReport.of("A", List.of(VariantSample.ofConversions("A", nc, xc),
                VariantSample.ofConversions("B", n, x))).comparisons().get(0).verdict();
    }

    /** Walks records and lists down to their doubles. */
    private static void assertNoNaN(String path, Object value) {
        if (value instanceof Double d) {
            assertThat(d).as(path).isNotNaN();
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertNoNaN(path + "[" + i + "]", list.get(i));
            }
        } else if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    assertNoNaN(path + "." + c.getName(), c.getAccessor().invoke(r));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(path + "." + c.getName(), e);
                }
            }
        }
    }
}
