package io.slipway.analysis;

import static io.slipway.analysis.NormalTest.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.analysis.MannWhitney.Alternative;
import io.slipway.analysis.MannWhitney.Result;
import org.junit.jupiter.api.Test;

/**
 * Reference values from src/test/resources/analysis/scipy_reference.py (SciPy 1.10.1): each is
 * {@code stats.mannwhitneyu(x, y, alternative=..., method="asymptotic", use_continuity=True)}.
 */
class MannWhitneyTest {
    private static final double RELATIVE = 1e-9;
    private static final double[] SMALL_X = {1, 2, 2, 3, 5, 8, 8, 8, 13};
    private static final double[] SMALL_Y = {2, 3, 3, 4, 8, 9, 10, 10, 11, 12, 12, 15};
    private static final double[] NO_TIES_X = {0.8, 1.9, 3.1, 4.4, 5.6, 6.2, 7.7, 8.3, 9.9, 10.5};
    private static final double[] NO_TIES_Y = {2.2, 3.6, 4.1, 5.0, 6.9, 7.1, 8.8, 9.4, 11.2, 12.6, 13.3, 14.1, 15.8};
    private static final double[] LARGE_X = largeCandidate(20000);
    private static final double[] LARGE_Y = largeStable(15000);

    @Test
    void smallSamplesWithTiesAndUnequalSizesMatchScipy() {
        // mannwhitneyu(SMALL_X, SMALL_Y, ...): U = 31.5
        check(MannWhitney.test(SMALL_X, SMALL_Y, Alternative.TWO_SIDED), 31.5, 0.11555120038084202);
        check(MannWhitney.test(SMALL_X, SMALL_Y, Alternative.GREATER), 31.5, 0.9500416117982514);
        check(MannWhitney.test(SMALL_X, SMALL_Y, Alternative.LESS), 31.5, 0.05777560019042101);
    }

    @Test
    void samplesWithoutTiesMatchScipy() {
        check(MannWhitney.test(NO_TIES_X, NO_TIES_Y, Alternative.TWO_SIDED), 40.0, 0.12865542768146412);
        check(MannWhitney.test(NO_TIES_X, NO_TIES_Y, Alternative.GREATER), 40.0, 0.9431115936098444);
        check(MannWhitney.test(NO_TIES_X, NO_TIES_Y, Alternative.LESS), 40.0, 0.06432771384073206);
    }

    @Test
    void largeSamplesWithManyTiesMatchScipyDownToTinyPValues() {
        check(MannWhitney.test(LARGE_X, LARGE_Y, Alternative.TWO_SIDED), 157369817.0, 3.311071373798683e-15);
        check(MannWhitney.test(LARGE_X, LARGE_Y, Alternative.GREATER), 157369817.0, 1.6555356868993415e-15);
        check(MannWhitney.test(LARGE_X, LARGE_Y, Alternative.LESS), 157369817.0, 0.9999999999999983);
    }

    @Test
    void toleranceComparesAgainstStableScaledUp() {
        // mannwhitneyu(LARGE_X, LARGE_Y * (1 + tol), alternative="greater", ...)
        check(MannWhitney.candidateSlower(LARGE_X, LARGE_Y, 0.02), 153823686.0, 2.1789353019730755e-05);
        check(MannWhitney.candidateSlower(LARGE_X, LARGE_Y, 0.05), 148519577.0, 0.9432458047236957);
        check(MannWhitney.candidateSlower(SMALL_X, SMALL_Y, 0.10), 26.0, 0.9788566823347774);
        check(MannWhitney.candidateSlower(LARGE_X, LARGE_Y, 0), 157369817.0, 1.6555356868993415e-15);
    }

    @Test
    void identicalValuesEverywhereGiveNoEvidence() {
        Result r = MannWhitney.test(new double[] {5, 5, 5}, new double[] {5, 5}, Alternative.TWO_SIDED);
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.u()).isEqualTo(3.0);
    }

    @Test
    void doesNotChangeItsInputs() {
        double[] x = {3, 1, 2};
        double[] y = {9, 7, 8};
        MannWhitney.candidateSlower(x, y, 0.5);
        assertThat(x).containsExactly(3, 1, 2);
        assertThat(y).containsExactly(9, 7, 8);
    }

    @Test
    void refusesEmptySamplesNaNAndNegativeTolerance() {
        assertThatThrownBy(() -> MannWhitney.test(new double[0], SMALL_Y, Alternative.GREATER))
                .hasMessageContaining("first sample is empty");
        assertThatThrownBy(() -> MannWhitney.test(SMALL_X, new double[] {1, Double.NaN}, Alternative.GREATER))
                .hasMessageContaining("second sample holds NaN");
        assertThatThrownBy(() -> MannWhitney.candidateSlower(SMALL_X, SMALL_Y, -0.1))
                .hasMessageContaining("tolerance -0.1");
    }

    private static void check(Result r, double u, double p) {
        assertThat(r.u()).isEqualTo(u);
        assertRelative("p", r.pValue(), p, RELATIVE);
    }

    /** Same integer arithmetic as large_candidate() in scipy_reference.py. */
    static double[] largeCandidate(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 20 + (i * 7919L) % 181 + ((i * 31L) % 7) * 0.5;
        }
        return x;
    }

    static double[] largeStable(int n) {
        double[] y = new double[n];
        for (int j = 0; j < n; j++) {
            y[j] = 20 + (j * 104729L) % 173 + ((j * 17L) % 5) * 0.5;
        }
        return y;
    }
}
