package io.slipway.analysis;

import java.time.Duration;
import java.util.Objects;

/**
 * One check's verdict over one window and the evidence behind it, recorded with the run.
 *
 * @param check    the check's name, e.g. {@code "p95"} or {@code "latency vs stable"}
 * @param verdict  PASS, FAIL or INCONCLUSIVE
 * @param evidence what was measured and why the verdict follows
 */
public record CheckResult(String check, Verdict verdict, Evidence evidence) {
    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(evidence, "evidence");
    }

    /**
     * What a verdict rests on.
     *
     * @param metric           what was measured, e.g. {@code "p95"}, {@code "errorRate"}, {@code "latency"}
     * @param window           the span of traffic measured
     * @param candidate        the candidate's value (the median for latency comparisons), null when unmeasured
     * @param stable           the stable version's value, null when there is none
     * @param threshold        the rule as people read it, e.g. {@code "<= 1000 ms"} or
     *                         {@code "p < 0.01 for > +10 %"}
     * @param candidateSamples requests (or latency samples) of the candidate in the window
     * @param stableSamples    the same for the stable version, 0 when there is none
     * @param pValue           the test's p-value for comparisons, null for thresholds
     * @param explanation      one line for people, e.g. {@code "p95 1840 ms > 1000 ms over 60 s, 1204 requests"}
     */
    public record Evidence(
            String metric,
            Duration window,
            Double candidate,
            Double stable,
            String threshold,
            long candidateSamples,
            long stableSamples,
            Double pValue,
            String explanation) {
    }
}
