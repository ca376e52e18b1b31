package io.slipway.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an analysis checks and how many runs it takes: the checks applied to every window and the
 * {@link AnalysisLimits} across runs. {@link #run} judges one window, purely from its measurements.
 *
 * <p>{@link #DEFAULTS} holds the seed thresholds (error rate &le; 1 %, p95 &le; 1000 ms, success rate
 * &ge; 99.9 %) and both comparisons against stable, each needing {@link Check#DEFAULT_MIN_SAMPLES}
 * requests, with Argo's default limits.
 *
 * @param checks the checks of every run, in the order their evidence is reported
 * @param limits count and tolerated failed, inconclusive and erroring runs
 */
public record AnalysisTemplate(List<Check> checks, AnalysisLimits limits) {
    public static final AnalysisTemplate DEFAULTS = new AnalysisTemplate(List.of(
            ThresholdCheck.errorRateAtMost(0.01),
            ThresholdCheck.p95AtMost(1000),
            ThresholdCheck.successRateAtLeast(0.999),
            LatencyCheck.DEFAULT,
            ErrorRateCheck.DEFAULT), AnalysisLimits.DEFAULTS);

    public AnalysisTemplate {
        checks = List.copyOf(checks);
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * Judges one window.
     *
     * @param at        when (from the caller's clock)
     * @param candidate the candidate's measurement
     * @param stable    the stable version's, null when there is none (comparisons are then INCONCLUSIVE)
     */
    public AnalysisRun run(Instant at, Measurement candidate, Measurement stable) {
        Objects.requireNonNull(candidate, "candidate");
        return AnalysisRun.of(at, checks.stream().map(c -> c.evaluate(candidate, stable)).toList());
    }

    /** A new analysis under this template's limits. */
    public Analysis start(Instant at) {
        return Analysis.start(limits, at);
    }
}
