package io.slipway.analysis;

/**
 * Welch's t-test of the difference of two means with unequal variances (B. L. Welch, "The
 * generalization of 'Student's' problem when several different population variances are involved",
 * Biometrika 34 (1947) 28-35), with the Welch-Satterthwaite degrees of freedom
 * &nu; = (v<sub>1</sub> + v<sub>2</sub>)² / (v<sub>1</sub>² / (n<sub>1</sub> - 1) + v<sub>2</sub>² / (n<sub>2</sub> - 1)),
 * v<sub>i</sub> = s<sub>i</sub>² / n<sub>i</sub>. Welch rather than Student's pooled test because
 * variants need not share a variance (a slower variant usually also spreads more), and Welch loses
 * next to nothing when they do. Same numbers as SciPy's {@code stats.ttest_ind(equal_var=False)}.
 */
final class WelchTest {
    /**
     * @param difference       mean<sub>1</sub> - mean<sub>2</sub>
     * @param standardError    &radic;(v<sub>1</sub> + v<sub>2</sub>)
     * @param t                difference / standard error
     * @param degreesOfFreedom &nu;
     * @param pValue           two-sided, P(|T<sub>&nu;</sub>| &gt; |t|)
     * @param interval         difference &plusmn; t<sub>&nu;, 1 - &alpha;/2</sub> &middot; standard error
     */
    record Result(double difference, double standardError, double t, double degreesOfFreedom, double pValue,
                  ConfidenceInterval interval) {
    }

    private WelchTest() {
    }

    /**
     * Tests first against second.
     *
     * @throws IllegalArgumentException when a side has fewer than two values (no variance)
     */
    static Result test(Moments first, Moments second, double confidence) {
        ConfidenceInterval.requireLevel(confidence);
        if (first.count() < 2 || second.count() < 2) {
            throw new IllegalArgumentException("Welch's test needs two values a side, got " + first.count()
                    + " and " + second.count());
        }
        double v1 = first.variance() / first.count();
        double v2 = second.variance() / second.count();
        double difference = first.mean() - second.mean();
        double standardError = Math.sqrt(v1 + v2);
        if (standardError == 0) {
            return constant(difference, first.count() + second.count() - 2, confidence);
        }
        double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (first.count() - 1) + v2 * v2 / (second.count() - 1));
        double t = difference / standardError;
        double half = StudentT.quantile((1 + confidence) / 2, df) * standardError;
        return new Result(difference, standardError, t, df, StudentT.twoSided(t, df),
                new ConfidenceInterval(difference - half, difference + half, confidence));
    }

    /**
     * Both sides constant: the difference is known exactly. Equal means are no evidence (p = 1); unequal
     * ones are certain (p = 0, t infinite), rather than SciPy's NaN.
     */
    private static Result constant(double difference, double df, double confidence) {
        double t = difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
        return new Result(difference, 0, t, df, difference == 0 ? 1 : 0,
                new ConfidenceInterval(difference, difference, confidence));
    }
}
