package io.slipway.analysis;

import static io.slipway.analysis.NormalTest.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values: src/test/resources/analysis/experiment_reference.py (mpmath 1.2.1 at 40 digits),
 * the call above each table.
 */
class BetaTest {
    @Test
    void incompleteBetaMatchesMpmathFromTinyToHugeParametersAndNearOne() {
        double[][] cases = {
            // {x, a, b, mpmath.betainc(a, b, 0, x, regularized=True)}
            {0.3, 2, 3, 0.3483},
            {0.9, 0.5, 0.5, 0.7951672353008665},
            {0.999999, 5e7, 0.5, 1.523932514806886e-23},
            {0.5, 200, 300, 0.9999964565197356},
            {0.01, 0.001, 50, 0.9994369010210223},
            {0.7, 20, 25, 0.9998050276882097},
            {0.99999999, 5e8, 0.5, 0.0015654021770386056},
            {0.32, 1000, 2000, 0.05991102785542642},
            {1 - 9e-15, 5e14, 0.5, 0.0027104441612692933},
        };
        for (double[] c : cases) {
            assertRelative("I_" + c[0] + "(" + c[1] + ", " + c[2] + ")",
                    Beta.regularized(c[0], 1 - c[0], c[1], c[2]), c[3], 1e-12);
        }
        // mpmath: 0.0 (far below the smallest double)
        assertThat(Beta.regularized(1e-3, 1 - 1e-3, 5e7, 0.5)).isZero();
    }

    @Test
    void incompleteBetaIsExactAtTheEnds() {
        assertThat(Beta.regularized(0, 1, 3, 4)).isZero();
        assertThat(Beta.regularized(1, 0, 3, 4)).isEqualTo(1.0);
    }

    @Test
    void logBetaKeepsItsDigitsWhenTheLogGammasAreHuge() {
        double[][] cases = {
            // {a, b, mpmath.log(mpmath.beta(a, b))}
            {0.5, 0.5, 1.1447298858494002},
            {3, 4, -4.0943445622221},
            {5e7, 0.5, -8.29140183627151},
            {12.5, 300, -52.79938460048641},
            {0.001, 50, 6.903276885609827},
            {250.5, 0.5, -2.188865515673091},
            {1e6, 2e6, -1909548.290968533},
        };
        for (double[] c : cases) {
            assertRelative("log B(" + c[0] + ", " + c[1] + ")", Beta.logBeta(c[0], c[1]), c[2], 1e-14);
        }
    }

    @Test
    void logGammaMatchesMpmathBelowAndAboveTheStirlingRange() {
        double[][] cases = {
            // {x, mpmath.loggamma(x)}
            {0.001, 6.907178885383853},
            {0.5, 0.5723649429247001},
            {1.5, -0.12078223763524522},
            {3, 0.6931471805599453},
            {9.99, 12.779315214350193},
            {10, 12.801827480081469},
            {100.5, 361.4355404677776},
            {1e7, 151180949.3694739},
        };
        for (double[] c : cases) {
            // Absolute: below 10 the recurrence subtracts logs of about 13, and exp() of log Gamma turns an
            // absolute error into a relative one.
            assertThat(Beta.logGamma(c[0])).as("log Gamma(%s)", c[0])
                    .isCloseTo(c[1], within(5e-15 * Math.max(1, Math.abs(c[1]))));
        }
        assertThat(Beta.logGamma(1)).isCloseTo(0, within(5e-15));
        assertThat(Beta.logGamma(2)).isCloseTo(0, within(5e-15));
    }
}
