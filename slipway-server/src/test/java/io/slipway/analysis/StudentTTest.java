package io.slipway.analysis;

import static io.slipway.analysis.NormalTest.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Closed forms, printed tables and 40-digit mpmath values from
 * src/test/resources/analysis/experiment_reference.py ({@code t_two_sided}, {@code t_quantile}).
 */
class StudentTTest {
    @Test
    void oneDegreeOfFreedomIsTheCauchyDistribution() {
        // P(T > t) = atan(1/t) / pi for t > 0, P(T <= t) = 1/2 + atan(t) / pi.
        for (double t : new double[] {0.01, 0.5, 1, 3, 12.706204736174707, 1e3, 1e8}) {
            assertRelative("sf(" + t + ", 1)", StudentT.survival(t, 1), Math.atan(1 / t) / Math.PI, 1e-14);
            assertRelative("cdf(" + -t + ", 1)", StudentT.cdf(-t, 1), Math.atan(1 / t) / Math.PI, 1e-14);
        }
        assertRelative("cdf(0.5, 1)", StudentT.cdf(0.5, 1), 0.5 + Math.atan(0.5) / Math.PI, 1e-15);
        // 1 / tan(0.025 pi): the 97.5 % point.
        assertRelative("quantile(0.975, 1)", StudentT.quantile(0.975, 1), 1 / Math.tan(0.025 * Math.PI), 1e-14);
    }

    @Test
    void twoDegreesOfFreedomHaveAClosedForm() {
        // P(T > t) = 1/2 - t / (2 sqrt(2 + t²)) = 1 / (s (s + t)) with s = sqrt(2 + t²), without cancellation.
        for (double t : new double[] {0.1, 1, 4.302652729911275, 50, 1e5}) {
            double s = Math.sqrt(2 + t * t);
            assertRelative("sf(" + t + ", 2)", StudentT.survival(t, 2), 1 / (s * (s + t)), 1e-14);
        }
        // P(T <= t) = p: t = (2p - 1) / sqrt(2p (1 - p)).
        assertRelative("quantile(0.975, 2)", StudentT.quantile(0.975, 2), 0.95 / Math.sqrt(2 * 0.975 * 0.025), 1e-14);
    }

    @Test
    void printedCriticalValuesGiveTheirLevels() {
        // Two-sided 5 % critical values of the t table (Fisher and Yates), 3 decimals.
        assertThat(StudentT.twoSided(2.228, 10)).isCloseTo(0.05, within(1e-4));
        assertThat(StudentT.twoSided(12.706, 1)).isCloseTo(0.05, within(1e-5));
        assertThat(StudentT.twoSided(2.042, 30)).isCloseTo(0.05, within(1e-4));
        assertThat(StudentT.twoSided(3.169, 10)).isCloseTo(0.01, within(1e-5));
        assertThat(StudentT.twoSided(1.96, Double.POSITIVE_INFINITY)).isCloseTo(0.05, within(1e-4));
        assertThat(StudentT.quantile(0.975, 10)).isCloseTo(2.228, within(5e-4));
        assertThat(StudentT.quantile(0.975, 30)).isCloseTo(2.042, within(5e-4));
        assertThat(StudentT.quantile(0.995, 10)).isCloseTo(3.169, within(5e-4));
        assertThat(StudentT.quantile(0.975, Double.POSITIVE_INFINITY)).isCloseTo(1.960, within(5e-4));
    }

    @Test
    void twoSidedTailsMatchMpmathFromHalfADegreeOfFreedomTo1e15() {
        double[][] cases = {
            // {df, t, t_two_sided(t, df)}
            {0.5, 0.1, 0.9463316211286064},
            {0.5, 100000.0, 0.0020282910602779994},
            {3.5, 2, 0.12613852257591354},
            {3.5, 100000.0, 1.1256208531752089e-17},
            {10, 2.228, 0.05001177181711137},
            {10, 50, 2.47431032930268e-13},
            {10, 100000.0, 2.460937488720703e-46},
            {30, 2.0, 0.0546250449629831},
            {30, 50, 1.8715417659222714e-30},
            {123.4567, 0.75, 0.45468161065018237},
            {1000, 1.96, 0.05027318495574872},
            {1000, 5, 6.767256364648631e-07},
            {100000.0, 2.5, 0.012420919192559046},
            {10000000.0, 1.96, 0.04999581802531419},
            {10000000.0, 5, 5.733128075008539e-07},
            {500000000.0, 3, 0.002699796196215643},
            {8.5, 0.001, 0.9992251893013426},
            {10000000000.0, 3, 0.0026997960699079618},
            {1e15, 1.8, 0.0718606382258519},
            {1e15, 10, 1.523970604835991e-23},
        };
        for (double[] c : cases) {
            double df = c[0];
            double t = c[1];
            assertRelative("P(|T| > " + t + "), df " + df, StudentT.twoSided(t, df), c[2], 1e-13);
            assertRelative("P(|T| > " + -t + "), df " + df, StudentT.twoSided(-t, df), c[2], 1e-13);
            assertRelative("P(T > " + t + "), df " + df, StudentT.survival(t, df), c[2] / 2, 1e-13);
            assertRelative("P(T < " + -t + "), df " + df, StudentT.cdf(-t, df), c[2] / 2, 1e-13);
        }
    }

    @Test
    void quantilesMatchMpmathIncludingFarTails() {
        double[][] cases = {
            // {p, df, t_quantile(p, df)}
            {0.975, 0.5, 164.55767348048823},
            {0.995, 3.5, 5.085702223091257},
            {0.975, 10, 2.2281388519862744},
            {0.995, 10, 3.169272672616951},
            {0.975, 30, 2.0422724563012378},
            {0.975, 1000, 1.962339080826408},
            {0.9995, 100000.0, 3.2906240314119137},
            {0.975, 10000000.0, 1.959964221767205},
            {1e-10, 7.25, -49.25629172046945},
            {0.6, 20, 0.2567427538545019},
            {1e-30, 4, -41617914.50287813},
            {0.025, 123.4567, -1.9793659450917296},
        };
        for (double[] c : cases) {
            assertRelative("quantile(" + c[0] + ", " + c[1] + ")", StudentT.quantile(c[0], c[1]), c[2], 1e-14);
        }
    }

    @Test
    void densityMatchesTheClosedFormsAndStaysAccurateForHugeDegreesOfFreedom() {
        // df 1: 1 / (pi (1 + t²)); df 2: (2 + t²)^(-3/2); df infinite: the normal density.
        assertRelative("f(0.7, 1)", StudentT.density(0.7, 1), 1 / (Math.PI * 1.49), 1e-14);
        assertRelative("f(3, 2)", StudentT.density(3, 2), Math.pow(11, -1.5), 1e-14);
        assertRelative("f(1.5, 1e15)", StudentT.density(1.5, 1e15), Math.exp(-1.125) / Math.sqrt(2 * Math.PI), 1e-12);
    }

    @Test
    void quantileAndCdfAreInverseAndSymmetric() {
        for (double df : new double[] {0.3, 1.5, 7, 64.25, 2e6, 3e13}) {
            for (double p : new double[] {1e-12, 0.01, 0.3, 0.5, 0.9, 0.999}) {
                double t = StudentT.quantile(p, df);
                assertRelative("cdf(quantile(" + p + ", " + df + "))", StudentT.cdf(t, df), p, 1e-13);
            }
            // Not for p = 1e-12: 1 - p is not 1 - 1e-12 exactly, and the far tail magnifies the difference.
            for (double p : new double[] {0.01, 0.3, 0.5, 0.9, 0.999}) {
                double t = StudentT.quantile(p, df);
                assertThat(StudentT.quantile(1 - p, df)).isCloseTo(-t, within(1e-13 * Math.max(1, Math.abs(t))));
            }
        }
        assertThat(StudentT.quantile(0, 5)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(StudentT.quantile(1, 5)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(StudentT.twoSided(0, 5)).isEqualTo(1.0);
        assertThat(StudentT.twoSided(Double.POSITIVE_INFINITY, 5)).isZero();
    }

    @Test
    void refusesNaNAndDegreesOfFreedomThatAreNotPositive() {
        assertThatThrownBy(() -> StudentT.cdf(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("degrees of freedom 0.0");
        assertThatThrownBy(() -> StudentT.twoSided(1, Double.NaN)).hasMessageContaining("degrees of freedom NaN");
        assertThatThrownBy(() -> StudentT.survival(Double.NaN, 3)).hasMessageContaining("t statistic is NaN");
        assertThatThrownBy(() -> StudentT.quantile(1.5, 3)).hasMessageContaining("probability 1.5");
    }
}
