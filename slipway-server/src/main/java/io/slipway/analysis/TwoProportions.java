package io.slipway.analysis;

/**
 * One-sided z-test that the candidate's error rate exceeds the stable's by more than a tolerance:
 * H0: p<sub>c</sub> - p<sub>s</sub> &le; &delta;, H1: p<sub>c</sub> - p<sub>s</sub> &gt; &delta;, with
 * &delta; the tolerance as a fraction (0.002 = 0.2 percentage points).
 *
 * <p>z = (p&#770;<sub>c</sub> - p&#770;<sub>s</sub> - &delta;) / SE<sub>0</sub>, p = P(Z &gt; z). The standard
 * error is taken under H0 (the "pooled" variance): for &delta; = 0 from the pooled rate
 * (x<sub>c</sub> + x<sub>s</sub>) / (n<sub>c</sub> + n<sub>s</sub>), the classic two-proportion z-test
 * (z² is the uncorrected chi-square of the 2x2 table); for &delta; &gt; 0 from the maximum-likelihood
 * rates restricted to p<sub>c</sub> = p<sub>s</sub> + &delta; (Farrington and Manning, Statistics in
 * Medicine 9 (1990) 1447-1454, closed form of their cubic). Plain pooling would be wrong there: with a
 * canary taking 10 % of the traffic the pooled rate is the stable's, below the candidate's at the
 * boundary p<sub>c</sub> = p<sub>s</sub> + &delta;, so it understates the variance and overstates the
 * evidence against a candidate right at the tolerance. Both are verified against SciPy in the tests
 * (chi2_contingency for &delta; = 0, a numeric maximum likelihood for &delta; &gt; 0).
 *
 * <p>Zero counts give numbers, never NaN: when the variance under H0 is 0 (no errors at all on both
 * sides with &delta; = 0, or errors only) the observed difference is no evidence and p is 1.
 */
public final class TwoProportions {
    /**
     * One test's outcome.
     *
     * @param candidateRate errors / requests of the candidate
     * @param stableRate    errors / requests of the stable version
     * @param tolerance     &delta;, as a fraction
     * @param z             the standardized difference
     * @param pValue        P(Z &gt; z) under H0, in [0, 1]
     */
    public record Result(double candidateRate, double stableRate, double tolerance, double z, double pValue) {
    }

    private TwoProportions() {
    }

    /**
     * Tests whether the candidate's error rate is higher than the stable's plus {@code tolerance}.
     *
     * @throws IllegalArgumentException when a count is negative or above its total, a total is 0,
     *                                  or the tolerance is not in [0, 1)
     */
    public static Result candidateHigher(long candidateErrors, long candidateRequests,
                                         long stableErrors, long stableRequests, double tolerance) {
        requireCounts("candidate", candidateErrors, candidateRequests);
        requireCounts("stable", stableErrors, stableRequests);
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("error-rate tolerance " + tolerance + " is not a fraction in [0, 1)");
        }
        double nc = candidateRequests;
        double ns = stableRequests;
        double pc = candidateErrors / nc;
        double ps = stableErrors / ns;
        double qc = restrictedCandidateRate(pc, ps, ns / nc, tolerance, (candidateErrors + stableErrors) / (nc + ns));
        double qs = qc - tolerance;
        double variance = qc * (1 - qc) / nc + qs * (1 - qs) / ns;
        double diff = pc - ps - tolerance;
        if (!(variance > 0)) {
            return new Result(pc, ps, tolerance, 0, 1);
        }
        double z = diff / Math.sqrt(variance);
        return new Result(pc, ps, tolerance, z, Normal.survival(z));
    }

    /**
     * The candidate rate q<sub>c</sub> maximizing the likelihood subject to q<sub>c</sub> = q<sub>s</sub> + &delta;
     * (Farrington-Manning's cubic, solved in trigonometric form; {@code theta} = n<sub>s</sub> / n<sub>c</sub>).
     */
    private static double restrictedCandidateRate(double pc, double ps, double theta, double delta, double pooled) {
        if (delta == 0) {
            return pooled;
        }
        double a = 1 + theta;
        double b = -(1 + theta + pc + theta * ps + delta * (theta + 2));
        double c = delta * delta + delta * (2 * pc + theta + 1) + pc + theta * ps;
        double d = -pc * delta * (1 + delta);
        double v = b * b * b / (27 * a * a * a) - b * c / (6 * a * a) + d / (2 * a);
        double u = Math.copySign(Math.sqrt(Math.max(0, b * b / (9 * a * a) - c / (3 * a))), v);
        if (u == 0) {
            return -b / (3 * a);
        }
        double cosine = Math.max(-1, Math.min(1, v / (u * u * u)));
        double w = (Math.PI + Math.acos(cosine)) / 3;
        double qc = 2 * u * Math.cos(w) - b / (3 * a);
        return Math.max(delta, Math.min(1, qc));
    }

    private static void requireCounts(String side, long errors, long requests) {
        if (requests <= 0 || errors < 0 || errors > requests) {
            throw new IllegalArgumentException(side + ": " + errors + " errors in " + requests
                    + " requests is not a proportion (need 0 <= errors <= requests, requests > 0)");
        }
    }
}
