package io.slipway.analysis;

import static io.slipway.analysis.NormalTest.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Reference values from src/test/resources/analysis/scipy_reference.py (SciPy 1.10.1). Tolerance 0:
 * {@code stats.chi2_contingency([[xc, nc - xc], [xs, ns - xs]], correction=False)}, z = sign(d) sqrt(chi2),
 * p = {@code stats.norm.sf(z)}. Tolerance &delta; &gt; 0: the rates maximizing the likelihood under
 * pc = ps + &delta; found by {@code optimize.brentq} on the score, then p = {@code stats.norm.sf(z)}.
 */
class TwoProportionsTest {
    private static final double RELATIVE = 1e-9;

    @Test
    void pooledTestMatchesTheChiSquareOfTheTable() {
        check(TwoProportions.candidateHigher(25, 1000, 10, 1000, 0), 2.5579435578928087, 0.005264659032641467);
        check(TwoProportions.candidateHigher(7, 500, 30, 4500, 0), 1.8151172649010308, 0.03475294525704696);
        check(TwoProportions.candidateHigher(3, 2000, 0, 2000, 0), 1.7327006922046795, 0.041574440716235485);
        check(TwoProportions.candidateHigher(50, 2000, 10, 2000, 0), 5.203148857876839, 9.79698976015606e-08);
    }

    @Test
    void toleranceUsesTheRestrictedMaximumLikelihoodVariance() {
        check(TwoProportions.candidateHigher(50, 2000, 10, 2000, 0.005), 4.089797652417006, 2.158748410408503e-05);
        check(TwoProportions.candidateHigher(20, 2000, 10, 2000, 0.005), 0.0, 0.5);
        check(TwoProportions.candidateHigher(0, 1000, 5, 1000, 0.002), -2.651721077009434, 0.9959958666536946);
        check(TwoProportions.candidateHigher(12, 300, 150, 20000, 0.01), 2.9502277010678815, 0.001587699055742909);
    }

    @Test
    void zeroErrorsOnBothSidesIsNoEvidenceNotNaN() {
        TwoProportions.Result none = TwoProportions.candidateHigher(0, 2000, 0, 2000, 0);
        assertThat(none.z()).isZero();
        assertThat(none.pValue()).isEqualTo(1.0);
        TwoProportions.Result all = TwoProportions.candidateHigher(2000, 2000, 500, 500, 0);
        assertThat(all.pValue()).isEqualTo(1.0);
        // No errors anywhere, tolerance 0.002: the restricted MLE is qs = 0, qc = 0.002, so
        // z = -0.002 / sqrt(0.002 * 0.998 / 2000), p = stats.norm.sf(z).
        TwoProportions.Result withTolerance = TwoProportions.candidateHigher(0, 2000, 0, 2000, 0.002);
        assertRelative("z", withTolerance.z(), -0.002 / Math.sqrt(0.002 * 0.998 / 2000), RELATIVE);
        assertRelative("p", withTolerance.pValue(), Normal.cdf(0.002 / Math.sqrt(0.002 * 0.998 / 2000)), RELATIVE);
    }

    @Test
    void refusesCountsThatAreNotProportions() {
        assertThatThrownBy(() -> TwoProportions.candidateHigher(5, 0, 1, 10, 0))
                .hasMessageContaining("candidate: 5 errors in 0 requests");
        assertThatThrownBy(() -> TwoProportions.candidateHigher(1, 10, 11, 10, 0))
                .hasMessageContaining("stable: 11 errors in 10 requests");
        assertThatThrownBy(() -> TwoProportions.candidateHigher(1, 10, 1, 10, -0.01))
                .hasMessageContaining("tolerance -0.01");
    }

    private static void check(TwoProportions.Result r, double z, double p) {
        if (z == 0) {
            assertThat(r.z()).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-12));
        } else {
            assertRelative("z", r.z(), z, RELATIVE);
        }
        assertRelative("p", r.pValue(), p, RELATIVE);
    }
}
