package io.slipway.analysis;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one analysis across its runs, immutable: {@link #record} returns the next state.
 * Counting and completion follow Argo Rollouts' assessment of a metric (see {@link AnalysisLimits}):
 * after each run, FAILED when failed &gt; failureLimit, INCONCLUSIVE when inconclusive &gt;
 * inconclusiveLimit, ERROR when consecutive errors &gt; consecutiveErrorLimit, else SUCCESSFUL once
 * {@code count} runs measured, else still RUNNING. A run that measured (whatever its verdict) resets
 * the error streak; ERROR runs do not count towards {@code count}.
 *
 * @param limits            the limits it runs under
 * @param phase             RUNNING until a limit or the count ends it
 * @param startedAt         when it started
 * @param successful        SUCCESSFUL runs so far
 * @param failed            FAILED runs so far
 * @param inconclusive      INCONCLUSIVE runs so far
 * @param errors            ERROR runs so far
 * @param consecutiveErrors ERROR runs since the last run that measured
 * @param lastRun           the latest run (the deciding one once completed), null before the first
 * @param message           why it stands where it stands, e.g. {@code "failed (2) > failureLimit (1)"}
 */
public record Analysis(
        AnalysisLimits limits,
        Phase phase,
        Instant startedAt,
        int successful,
        int failed,
        int inconclusive,
        int errors,
        int consecutiveErrors,
        AnalysisRun lastRun,
        String message) {

    public Analysis {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(message, "message");
    }

    /** A new analysis with no runs yet. */
    public static Analysis start(AnalysisLimits limits, Instant at) {
        return new Analysis(limits, Phase.RUNNING, at, 0, 0, 0, 0, 0, null, "no runs yet");
    }

    /** Runs that measured: what {@code count} counts. */
    public int measured() {
        return successful + failed + inconclusive;
    }

    /**
     * The state after one more run.
     *
     * @throws IllegalStateException    when the analysis already completed
     * @throws IllegalArgumentException when the run is older than the previous one
     */
    public Analysis record(AnalysisRun run) {
        if (phase.completed()) {
            throw new IllegalStateException("analysis already " + phase + " (" + message + "); start a new one");
        }
        if (lastRun != null && run.at().isBefore(lastRun.at())) {
            throw new IllegalArgumentException("run at " + run.at() + " is older than the previous run at " + lastRun.at());
        }
        Analysis next = counted(run);
        return next.assessed();
    }

    private Analysis counted(AnalysisRun run) {
        Phase p = run.phase();
        return new Analysis(limits, phase, startedAt,
                successful + (p == Phase.SUCCESSFUL ? 1 : 0),
                failed + (p == Phase.FAILED ? 1 : 0),
                inconclusive + (p == Phase.INCONCLUSIVE ? 1 : 0),
                errors + (p == Phase.ERROR ? 1 : 0),
                p == Phase.ERROR ? consecutiveErrors + 1 : 0,
                run, message);
    }

    /** Argo's order: a later rule overrides an earlier one, though one run can only break one limit. */
    private Analysis assessed() {
        Analysis result = this.with(Phase.RUNNING, measured() + " runs measured, " + failed + " failed, "
                + inconclusive + " inconclusive, " + consecutiveErrors + " errors in a row");
        if (limits.count() > 0 && measured() >= limits.count()) {
            result = with(Phase.SUCCESSFUL, "count (" + limits.count() + ") reached");
        }
        if (failed > limits.failureLimit()) {
            result = with(Phase.FAILED, "failed (" + failed + ") > failureLimit (" + limits.failureLimit() + ")");
        }
        if (inconclusive > limits.inconclusiveLimit()) {
            result = with(Phase.INCONCLUSIVE, "inconclusive (" + inconclusive + ") > inconclusiveLimit ("
                    + limits.inconclusiveLimit() + ")");
        }
        if (consecutiveErrors > limits.consecutiveErrorLimit()) {
            result = with(Phase.ERROR, "consecutiveErrors (" + consecutiveErrors + ") > consecutiveErrorLimit ("
                    + limits.consecutiveErrorLimit() + ")");
        }
        return result;
    }

    private Analysis with(Phase newPhase, String newMessage) {
        return new Analysis(limits, newPhase, startedAt, successful, failed, inconclusive, errors,
                consecutiveErrors, lastRun, newMessage);
    }
}
