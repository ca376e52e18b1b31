package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reference values: src/test/resources/analysis/scipy_reference.py (SciPy 1.10.1), the call above each. */
class NormalTest {
    private static final double ERFC_RELATIVE = 1e-14;
    /** z / sqrt(2) is rounded before erfc sees it, which far out in the tail costs a digit. */
    private static final double NORMAL_RELATIVE = 1e-13;

    @Test
    void erfcMatchesScipyAcrossAllThreeIntervalsAndTheFarTail() {
        double[][] cases = {
            // {x, special.erfc(x)}
            {0.0, 1.0},
            {1e-10, 0.999999999887162},
            {0.1, 0.8875370839817152},
            {0.46875, 0.507386526782062},
            {0.5, 0.4795001221869535},
            {1.0, 0.15729920705028516},
            {2.0, 0.004677734981047266},
            {3.5, 7.430983723414129e-07},
            {4.0, 1.541725790028002e-08},
            {4.5, 1.9661604415428878e-10},
            {6.0, 2.1519736712498913e-17},
            {10.0, 2.0884875837625446e-45},
            {26.0, 5.663192408856145e-296},
            {-0.3, 1.3286267594591274},
            {-1.0, 1.8427007929497148},
            {-3.0, 1.9999779095030015},
        };
        for (double[] c : cases) {
            assertRelative("erfc(" + c[0] + ")", Normal.erfc(c[0]), c[1], ERFC_RELATIVE);
        }
        assertThat(Normal.erfc(30)).isZero();
        assertThat(Normal.erfc(-30)).isEqualTo(2.0);
        assertThat(Normal.erfc(Double.NaN)).isNaN();
    }

    @Test
    void survivalKeepsTinyUpperTailsAccurate() {
        double[][] cases = {
            // {z, stats.norm.sf(z)}
            {0.0, 0.5},
            {1.0, 0.15865525393145707},
            {1.959963984540054, 0.025},
            {2.3263478740408408, 0.01},
            {4.753424308822899, 1e-06},
            {7.0, 1.279812543885835e-12},
            {10.0, 7.61985302416047e-24},
            {20.0, 2.7536241186061556e-89},
            {37.0, 5.7255712225239266e-300},
        };
        for (double[] c : cases) {
            assertRelative("sf(" + c[0] + ")", Normal.survival(c[0]), c[1], NORMAL_RELATIVE);
        }
    }

    @Test
    void cdfMatchesScipy() {
        double[][] cases = {
            // {z, stats.norm.cdf(z)}
            {-1.0, 0.15865525393145707},
            {-5.0, 2.866515718791933e-07},
            {-10.0, 7.61985302416047e-24},
            {-30.0, 4.906713927147908e-198},
            {0.5, 0.6914624612740131},
        };
        for (double[] c : cases) {
            assertRelative("cdf(" + c[0] + ")", Normal.cdf(c[0]), c[1], NORMAL_RELATIVE);
        }
    }

    @Test
    void quantileInvertsTheCdfToFullPrecision() {
        double[][] cases = {
            // {p, stats.norm.ppf(p)}
            {0.975, 1.959963984540054},
            {0.99, 2.3263478740408408},
            {0.999999, 4.753424308817087},
            {1e-06, -4.753424308822899},
            {1e-12, -7.034483825301131},
            {1e-300, -37.0470962993612},
            {0.02425, -1.972961051311885},
            {0.3, -0.5244005127080409},
        };
        for (double[] c : cases) {
            assertRelative("quantile(" + c[0] + ")", Normal.quantile(c[0]), c[1], 1e-12);
        }
        assertThat(Normal.quantile(0.5)).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(Normal.quantile(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Normal.quantile(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> Normal.quantile(1.5)).hasMessageContaining("1.5 is not in [0, 1]");
        assertThatThrownBy(() -> Normal.quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    static void assertRelative(String what, double actual, double expected, double relative) {
        double error = expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
        assertThat(error).as("%s = %s, reference %s, relative error %s", what, actual, expected, error)
                .isLessThanOrEqualTo(relative);
    }
}
