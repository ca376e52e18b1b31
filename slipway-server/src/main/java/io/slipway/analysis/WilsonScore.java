package io.slipway.analysis;

/**
 * Score intervals for a proportion and for the difference of two independent proportions.
 *
 * <p>The single proportion gets E. B. Wilson's score interval (J. Amer. Statist. Assoc. 22 (1927)
 * 209-212): the p for which |p&#770; - p| &le; z &radic;(p(1 - p)/n), i.e.
 * (x + z²/2 &plusmn; z &radic;(x(n - x)/n + z²/4)) / (n + z²). Unlike the Wald interval p&#770; &plusmn; z &radic;(p&#770;(1 - p&#770;)/n)
 * it never leaves [0, 1], is not of width 0 at 0 or n successes, and keeps close to its nominal coverage
 * for small n and rates near 0 (R. G. Newcombe, "Two-sided confidence intervals for the single
 * proportion: comparison of seven methods", Statistics in Medicine 17 (1998) 857-872, method 3).
 * With n = 0 it is [0, 1], which is the truth.
 *
 * <p>The difference p<sub>1</sub> - p<sub>2</sub> gets Newcombe's hybrid score interval (method 10 of
 * "Interval estimation for the difference between independent proportions: comparison of eleven methods",
 * Statistics in Medicine 17 (1998) 873-890): with (l<sub>i</sub>, u<sub>i</sub>) the Wilson intervals,
 * D - &radic;((p&#770;<sub>1</sub> - l<sub>1</sub>)² + (u<sub>2</sub> - p&#770;<sub>2</sub>)²) to
 * D + &radic;((u<sub>1</sub> - p&#770;<sub>1</sub>)² + (p&#770;<sub>2</sub> - l<sub>2</sub>)²). The Wald interval for the
 * difference was not taken: Newcombe measured its coverage far below nominal for small counts or rates
 * near 0, where conversions and errors often are, while method 10 stays close and is closed-form.
 */
final class WilsonScore {
    private WilsonScore() {
    }

    /** The Wilson score interval of {@code successes / trials}; [0, 1] for 0 trials. */
    static ConfidenceInterval interval(long successes, long trials, double confidence) {
        double z = z(confidence);
        double n = trials;
        double spread = trials == 0 ? 0 : successes * ((trials - successes) / n);
        double centre = successes + z * z / 2;
        double half = z * Math.sqrt(spread + z * z / 4);
        double lower = Math.max(0, (centre - half) / (n + z * z));
        double upper = Math.min(1, (centre + half) / (n + z * z));
        return new ConfidenceInterval(successes == 0 ? 0 : lower, successes == trials ? 1 : upper, confidence);
    }

    /** Newcombe's hybrid score interval of x<sub>1</sub>/n<sub>1</sub> - x<sub>2</sub>/n<sub>2</sub>. */
    static ConfidenceInterval difference(long x1, long n1, long x2, long n2, double confidence) {
        double p1 = rate(x1, n1);
        double p2 = rate(x2, n2);
        ConfidenceInterval first = interval(x1, n1, confidence);
        ConfidenceInterval second = interval(x2, n2, confidence);
        double d = p1 - p2;
        double lower = d - Math.hypot(p1 - first.lower(), second.upper() - p2);
        double upper = d + Math.hypot(first.upper() - p1, p2 - second.lower());
        return new ConfidenceInterval(Math.max(-1, lower), Math.min(1, upper), confidence);
    }

    /** count / total, and 0 for no total (the interval then says how little that means). */
    static double rate(long count, long total) {
        return total == 0 ? 0 : (double) count / total;
    }

    /** The two-sided critical value z<sub>1 - &alpha;/2</sub> for the confidence level 1 - &alpha;. */
    static double z(double confidence) {
        ConfidenceInterval.requireLevel(confidence);
        return -Normal.quantile((1 - confidence) / 2);
    }
}
