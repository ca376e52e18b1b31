package io.slipway.analysis;

/**
 * One rule an analysis run applies to a window of traffic: an absolute {@link ThresholdCheck} on the
 * candidate, or a comparison of candidate against stable ({@link LatencyCheck}, {@link ErrorRateCheck}).
 * Each has a minimum sample size below which it says INCONCLUSIVE, never PASS.
 */
public sealed interface Check permits ThresholdCheck, LatencyCheck, ErrorRateCheck {
    /**
     * Requests (or latency samples) a check needs on each side before it judges. Set by the error-rate
     * threshold, the tightest default: at a healthy 0.5 % error rate, 2000 requests exceed the 1 %
     * threshold by chance with probability 0.0015 (P(Binomial(2000, 0.005) &ge; 21)); at 1000 it would be
     * 0.013, more than the 1 % of false failures we allow. See docs/analysis.md for the simulation.
     */
    long DEFAULT_MIN_SAMPLES = 2000;

    /** Confidence of the comparison tests: a candidate fails when p &lt; 1 - 0.99 = 0.01. */
    double DEFAULT_CONFIDENCE = 0.99;

    /** The check's name in evidence and logs, e.g. {@code "p95"} or {@code "latency vs stable"}. */
    String name();

    /** Fewer samples than this on a side make the check INCONCLUSIVE. */
    long minSamples();

    /**
     * Judges one window.
     *
     * @param candidate what was measured for the candidate
     * @param stable    what was measured for the stable version, null when there is none
     */
    CheckResult evaluate(Measurement candidate, Measurement stable);
}
