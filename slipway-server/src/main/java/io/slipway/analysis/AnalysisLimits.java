package io.slipway.analysis;

/**
 * How many runs an {@link Analysis} takes and how many bad ones it tolerates, with the names, defaults
 * and semantics of Argo Rollouts' metric fields (docs/features/analysis.md and the Metric type in
 * pkg/apis/rollouts/v1alpha1/analysis_types.go; evaluation in analysis/analysis.go,
 * assessMetricStatus):
 *
 * <ul>
 *   <li>{@code count}: runs to take; the analysis is SUCCESSFUL once this many runs (errors not
 *       counted) ended without breaking a limit. 0 = no count: run until stopped or failed, as
 *       Argo's background analysis with an interval and no count.</li>
 *   <li>{@code failureLimit}: FAILED runs tolerated; the analysis fails when failed &gt; failureLimit
 *       (Argo default 0: the first failed run fails it). -1 disables it (Argo allows this together
 *       with consecutiveSuccessLimit, which Slipway does not have, so here it must be &ge; 0).</li>
 *   <li>{@code inconclusiveLimit}: INCONCLUSIVE runs tolerated; the analysis is INCONCLUSIVE when
 *       inconclusive &gt; inconclusiveLimit (Argo default 0).</li>
 *   <li>{@code consecutiveErrorLimit}: ERROR runs tolerated in a row; the analysis is ERROR when
 *       consecutive errors &gt; consecutiveErrorLimit (Argo default 4). Any run that measured resets
 *       the streak.</li>
 * </ul>
 *
 * @param count                 runs needed for SUCCESSFUL, 0 for no count
 * @param failureLimit          FAILED runs tolerated
 * @param inconclusiveLimit     INCONCLUSIVE runs tolerated
 * @param consecutiveErrorLimit ERROR runs in a row tolerated
 */
public record AnalysisLimits(int count, int failureLimit, int inconclusiveLimit, int consecutiveErrorLimit) {
    /** Argo's defaults for a single analysis step: one run, no failure or inconclusive tolerated, 4 errors in a row. */
    public static final AnalysisLimits DEFAULTS = new AnalysisLimits(1, 0, 0, 4);

    /**
     * @throws IllegalArgumentException when a field is negative
     */
    public AnalysisLimits {
        requireNotNegative("count", count);
        requireNotNegative("failureLimit", failureLimit);
        requireNotNegative("inconclusiveLimit", inconclusiveLimit);
        requireNotNegative("consecutiveErrorLimit", consecutiveErrorLimit);
    }

    private static void requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " is negative (0 or more)");
        }
    }
}
