package io.slipway.deploy;

import io.slipway.analysis.CheckResult;
import io.slipway.analysis.Phase;
import java.time.Instant;
import java.util.List;

/**
 * One analysis run or guard decision of a deployment as recorded: what was judged, when, the outcome
 * and each check's evidence (metric, window, values, threshold, sample sizes).
 *
 * @param step    index of the step it belongs to
 * @param name    {@code analysis <template>} or {@code guard}
 * @param at      when it was judged
 * @param phase   SUCCESSFUL, FAILED, INCONCLUSIVE or ERROR
 * @param message one line for people
 * @param checks  each check's verdict and evidence
 */
public record AnalysisRecord(int step, String name, Instant at, Phase phase, String message, List<CheckResult> checks) {
    public AnalysisRecord {
        checks = List.copyOf(checks);
    }
}
