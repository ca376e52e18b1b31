package io.slipway.analysis;

import static io.slipway.analysis.NormalTest.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values: experiment_reference.py, {@code welch()} (mpmath) and SciPy's ttest_ind. */
class WelchTestTest {
    @Test
    void smallSamplesWorkedByHand() {
        // A = 19, 22, 16, 29, 24: mean 22, deviations -3 0 -6 7 2, M2 = 98, s² = 24.5, s²/n = 4.9.
        // B = 20, 11, 17, 12:     mean 15, deviations 5 -4 2 -3,  M2 = 54, s² = 18,   s²/n = 4.5.
        // SE = sqrt(9.4) = 3.0659, t = 7 / 3.0659 = 2.2831, df = 9.4² / (4.9²/4 + 4.5²/3) = 88.36 / 12.7525
        // = 6.9288. stats.ttest_ind(A, B, equal_var=False): t = 2.2831482556870477, p = 0.05675092592187574.
        WelchTest.Result r = WelchTest.test(Moments.of(19, 22, 16, 29, 24), Moments.of(20, 11, 17, 12), 0.95);
        assertThat(r.difference()).isCloseTo(7, within(1e-12));
        assertThat(r.standardError()).isCloseTo(Math.sqrt(9.4), within(1e-12));
        assertThat(r.degreesOfFreedom()).isCloseTo(88.36 / 12.7525, within(1e-12));
        assertRelative("t", r.t(), 2.2831482556870477, 1e-13);
        assertRelative("p", r.pValue(), 0.05675092592187572, 1e-12);
        // 7 -+ t(0.975, 6.9288) * 3.0659, mpmath.
        assertRelative("lower", r.interval().lower(), -0.2649221891890887, 1e-11);
        assertRelative("upper", r.interval().upper(), 14.26492218918909, 1e-13);
    }

    @Test
    void largeSamplesFromSummaryStatisticsMatchScipy() {
        // stats.ttest_ind_from_stats(203, 60, 4000, 200, 50, 5000, equal_var=False)
        Moments slower = new Moments(4000, 203, 60.0 * 60 * 3999);
        Moments control = new Moments(5000, 200, 50.0 * 50 * 4999);
        WelchTest.Result r = WelchTest.test(slower, control, 0.95);
        assertRelative("t", r.t(), 2.53546276418555, 1e-13);
        assertRelative("df", r.degreesOfFreedom(), 7760.512495692165, 1e-13);
        assertRelative("p", r.pValue(), 0.011249347150196489, 1e-12);
        assertRelative("lower", r.interval().lower(), 0.6805775924210443, 1e-12);
        assertRelative("upper", r.interval().upper(), 5.319422407578956, 1e-13);
        WelchTest.Result wide = WelchTest.test(slower, control, 0.99);
        assertRelative("lower 99 %", wide.interval().lower(), -0.04851211448720929, 1e-11);
        assertRelative("upper 99 %", wide.interval().upper(), 6.04851211448721, 1e-13);
    }

    @Test
    void constantSidesGiveCertaintyOrNoEvidenceInsteadOfNaN() {
        WelchTest.Result same = WelchTest.test(Moments.of(5, 5, 5), Moments.of(5, 5), 0.95);
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.t()).isZero();
        WelchTest.Result apart = WelchTest.test(Moments.of(6, 6, 6), Moments.of(5, 5), 0.95);
        assertThat(apart.pValue()).isZero();
        assertThat(apart.t()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(apart.interval().lower()).isEqualTo(1.0);
        assertThat(apart.interval().upper()).isEqualTo(1.0);
    }

    @Test
    void refusesASideWithoutVariance() {
        assertThatThrownBy(() -> WelchTest.test(Moments.of(1), Moments.of(1, 2), 0.95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1 and 2");
    }
}
