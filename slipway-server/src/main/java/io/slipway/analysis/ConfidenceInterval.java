package io.slipway.analysis;

/**
 * A two-sided confidence interval [lower, upper] at the given confidence level. Bounds may be infinite
 * where nothing bounds the quantity (the mean of fewer than two values); they are never NaN.
 *
 * @param lower      the lower bound
 * @param upper      the upper bound, &ge; lower
 * @param confidence the level, in (0, 1), e.g. 0.95
 */
public record ConfidenceInterval(double lower, double upper, double confidence) {
    /**
     * @throws IllegalArgumentException when a bound is NaN, lower &gt; upper or the level is not in (0, 1)
     */
    public ConfidenceInterval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("confidence interval [" + lower + ", " + upper + "] is not an interval");
        }
        requireLevel(confidence);
    }

    /** The interval (-&infin;, +&infin;): nothing is known. */
    static ConfidenceInterval unbounded(double confidence) {
        return new ConfidenceInterval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, confidence);
    }

    /** Whether the value lies in [lower, upper]. */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    /**
     * @throws IllegalArgumentException when the level is not in (0, 1)
     */
    static void requireLevel(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " is not in (0, 1), e.g. 0.95");
        }
    }
}
