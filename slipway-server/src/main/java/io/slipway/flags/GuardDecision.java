package io.slipway.flags;

import io.slipway.analysis.CheckResult;
import io.slipway.analysis.Verdict;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A guarded flag's verdict on one window, with the evidence that goes into the audit entry and alert.
 *
 * @param degraded true when a check failed and the flag is to be switched off
 * @param checks   every check, failed or not
 */
public record GuardDecision(boolean degraded, List<CheckResult> checks) {
    public GuardDecision {
        checks = List.copyOf(checks);
    }

    /** The failed checks' explanations, one line: why the flag was switched off. */
    public String reason() {
        return checks.stream().filter(c -> c.verdict() == Verdict.FAIL).map(c -> c.evidence().explanation())
                .collect(Collectors.joining("; "));
    }
}
