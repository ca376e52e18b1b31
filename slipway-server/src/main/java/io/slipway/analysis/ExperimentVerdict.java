package io.slipway.analysis;

/**
 * How a variant compares with the control on one metric, after the multiple-comparison correction.
 * "Better" follows the metric's goal: a higher conversion rate, a lower error rate, a lower latency.
 */
public enum ExperimentVerdict {
    /** Significantly better than the control. */
    BETTER("better"),
    /** Significantly worse than the control. */
    WORSE("worse"),
    /** Enough data, and no difference significant at the report's level. */
    NO_SIGNIFICANT_DIFFERENCE("no significant difference"),
    /** Too few units, events or values for the test to be trusted (see {@link ExperimentReport}). */
    NOT_ENOUGH_DATA("not enough data");

    private final String label;

    ExperimentVerdict(String label) {
        this.label = label;
    }

    /** The verdict as people read it, e.g. "no significant difference". */
    public String label() {
        return label;
    }
}
