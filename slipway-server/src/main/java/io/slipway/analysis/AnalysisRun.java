package io.slipway.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One analysis run: every check of a template applied to one window of traffic (Argo Rollouts calls
 * this a measurement). It is FAILED when any check failed, else INCONCLUSIVE when any check was
 * inconclusive (or there were no checks), else SUCCESSFUL; ERROR when the providers could not measure
 * at all, which counts towards {@link AnalysisLimits#consecutiveErrorLimit()} instead.
 *
 * @param at      when the run was judged (from the caller's {@link java.time.Clock})
 * @param phase   SUCCESSFUL, FAILED, INCONCLUSIVE or ERROR
 * @param checks  each check's verdict and evidence, in template order; empty for ERROR
 * @param message one line for people: the failing or inconclusive checks' explanations, or the error
 */
public record AnalysisRun(Instant at, Phase phase, List<CheckResult> checks, String message) {
    /**
     * @throws IllegalArgumentException for a RUNNING run
     */
    public AnalysisRun {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(message, "message");
        if (phase == Phase.RUNNING) {
            throw new IllegalArgumentException("a run is judged when it is created; RUNNING is no run's phase");
        }
        checks = List.copyOf(checks);
    }

    /** Combines check results: any FAIL makes the run FAILED, else any INCONCLUSIVE (or none at all) INCONCLUSIVE. */
    public static AnalysisRun of(Instant at, List<CheckResult> checks) {
        if (checks.isEmpty()) {
            return new AnalysisRun(at, Phase.INCONCLUSIVE, checks, "no checks to judge by");
        }
        for (Verdict worst : List.of(Verdict.FAIL, Verdict.INCONCLUSIVE)) {
            String why = explanations(checks, worst);
            if (!why.isEmpty()) {
                return new AnalysisRun(at, worst == Verdict.FAIL ? Phase.FAILED : Phase.INCONCLUSIVE, checks, why);
            }
        }
        return new AnalysisRun(at, Phase.SUCCESSFUL, checks, explanations(checks, Verdict.PASS));
    }

    /** A run that could not measure, e.g. the metric provider did not answer. */
    public static AnalysisRun error(Instant at, String reason) {
        return new AnalysisRun(at, Phase.ERROR, List.of(), reason);
    }

    private static String explanations(List<CheckResult> checks, Verdict verdict) {
        return checks.stream().filter(c -> c.verdict() == verdict)
                .map(c -> c.evidence().explanation()).collect(Collectors.joining("; "));
    }
}
