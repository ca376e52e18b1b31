package io.slipway.analysis;

import static io.slipway.analysis.NormalTest.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Published values: R. G. Newcombe, Statistics in Medicine 17 (1998) 857-872, Table I (Wilson score
 * method 3) and 873-890, Table II (method 10), 4 decimals. Full digits: experiment_reference.py,
 * {@code stats.binomtest(x, n).proportion_ci(level, method="wilson")} (SciPy 1.10.1) and {@code newcombe()}.
 */
class WilsonScoreTest {
    @Test
    void singleProportionMatchesNewcombesPublishedExamples() {
        assertInterval(WilsonScore.interval(81, 263, 0.95), 0.2553, 0.3662, 5e-5);
        assertInterval(WilsonScore.interval(15, 148, 0.95), 0.0624, 0.1605, 5e-5);
        assertInterval(WilsonScore.interval(0, 20, 0.95), 0.0000, 0.1611, 5e-5);
        assertInterval(WilsonScore.interval(1, 29, 0.95), 0.0061, 0.1718, 5e-5);
    }

    @Test
    void singleProportionMatchesScipyToFullPrecision() {
        double[][] cases = {
            // {x, n, level, low, high}
            {81, 263, 0.95, 0.2552885198782742, 0.36620957698280004},
            {15, 148, 0.95, 0.06238639953073629, 0.16048724172330803},
            {0, 20, 0.95, 0.0, 0.16112515805281935},
            {1, 29, 0.95, 0.006113214292762667, 0.17175521879320282},
            {29, 29, 0.95, 0.8830302015002592, 1.0},
            {130, 1000, 0.95, 0.1105637746248419, 0.15226802665446887},
            {7, 20000, 0.99, 0.00013690258652053141, 0.0008945000810278691},
            {12345, 20000, 0.9, 0.6115812221387129, 0.6228870596550371},
        };
        for (double[] c : cases) {
            ConfidenceInterval ci = WilsonScore.interval((long) c[0], (long) c[1], c[2]);
            assertRelative("lower " + c[0] + "/" + c[1], ci.lower(), c[3], 1e-12);
            assertRelative("upper " + c[0] + "/" + c[1], ci.upper(), c[4], 1e-12);
        }
    }

    @Test
    void noTrialsGiveTheWholeUnitIntervalNotNaN() {
        ConfidenceInterval none = WilsonScore.interval(0, 0, 0.95);
        assertThat(none.lower()).isZero();
        assertThat(none.upper()).isEqualTo(1.0);
        assertThat(WilsonScore.rate(0, 0)).isZero();
        ConfidenceInterval difference = WilsonScore.difference(0, 0, 5, 10, 0.95);
        assertThat(difference.lower()).isGreaterThanOrEqualTo(-1).isLessThan(0);
        assertThat(difference.upper()).isGreaterThan(0).isLessThanOrEqualTo(1);
    }

    @Test
    void differenceMatchesNewcombesMethodTen() {
        double[][] cases = {
            // {x1, n1, x2, n2, Table II method 10 lower, upper}
            {56, 70, 48, 80, 0.0524, 0.3339},
            {9, 10, 3, 10, 0.1705, 0.8090},
            {6, 7, 2, 7, 0.0582, 0.8062},
            {5, 56, 0, 29, -0.0381, 0.1926},
            {0, 10, 0, 20, -0.1611, 0.2775},
            {0, 10, 0, 10, -0.2775, 0.2775},
            {10, 10, 0, 20, 0.6791, 1.0000},
            {10, 10, 0, 10, 0.6075, 1.0000},
        };
        for (double[] c : cases) {
            ConfidenceInterval ci = WilsonScore.difference((long) c[0], (long) c[1], (long) c[2], (long) c[3], 0.95);
            assertInterval(ci, c[4], c[5], 5e-5);
        }
        // newcombe(56, 70, 48, 80), newcombe(130, 1000, 100, 1000) to full precision.
        ConfidenceInterval a = WilsonScore.difference(56, 70, 48, 80, 0.95);
        assertRelative("lower", a.lower(), 0.052431472402364815, 1e-12);
        assertRelative("upper", a.upper(), 0.3338726540369059, 1e-12);
        ConfidenceInterval b = WilsonScore.difference(130, 1000, 100, 1000, 0.95);
        assertRelative("lower", b.lower(), 0.0020023487152829866, 1e-11);
        assertRelative("upper", b.upper(), 0.05807048502220283, 1e-12);
    }

    private static void assertInterval(ConfidenceInterval ci, double lower, double upper, double tolerance) {
        assertThat(ci.lower()).as("lower of %s", ci).isCloseTo(lower, within(tolerance));
        assertThat(ci.upper()).as("upper of %s", ci).isCloseTo(upper, within(tolerance));
    }
}
