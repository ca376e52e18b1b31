package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Limits across runs, as Argo Rollouts assesses a metric (analysis/analysis.go, assessMetricStatus). */
class AnalysisTest {
    private final TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void failsWhenFailedRunsExceedTheFailureLimit() {
        Analysis a = start(new AnalysisLimits(0, 1, 0, 4));
        a = a.record(run(Phase.FAILED));
        assertThat(a.phase()).as("one failure is within failureLimit 1").isEqualTo(Phase.RUNNING);
        a = a.record(run(Phase.SUCCESSFUL)).record(run(Phase.FAILED));
        assertThat(a.phase()).isEqualTo(Phase.FAILED);
        assertThat(a.message()).isEqualTo("failed (2) > failureLimit (1)");
        assertThat(a.lastRun().phase()).isEqualTo(Phase.FAILED);
    }

    @Test
    void theDefaultFailureLimitZeroFailsOnTheFirstFailedRun() {
        Analysis a = start(AnalysisLimits.DEFAULTS).record(run(Phase.FAILED));
        assertThat(a.phase()).isEqualTo(Phase.FAILED);
        assertThat(a.message()).isEqualTo("failed (1) > failureLimit (0)");
    }

    @Test
    void errorsOnlyEndTheAnalysisWhenMoreThanTheLimitComeInARow() {
        Analysis a = start(new AnalysisLimits(0, 0, 0, 2));
        a = a.record(run(Phase.ERROR)).record(run(Phase.ERROR)).record(run(Phase.SUCCESSFUL));
        assertThat(a.phase()).as("two errors then a measured run reset the streak").isEqualTo(Phase.RUNNING);
        assertThat(a.consecutiveErrors()).isZero();
        assertThat(a.errors()).isEqualTo(2);
        a = a.record(run(Phase.ERROR)).record(run(Phase.ERROR));
        assertThat(a.phase()).isEqualTo(Phase.RUNNING);
        a = a.record(run(Phase.ERROR));
        assertThat(a.phase()).isEqualTo(Phase.ERROR);
        assertThat(a.message()).isEqualTo("consecutiveErrors (3) > consecutiveErrorLimit (2)");
    }

    @Test
    void theDefaultConsecutiveErrorLimitToleratesFourErrorsInARow() {
        Analysis a = start(AnalysisLimits.DEFAULTS);
        for (int i = 0; i < 4; i++) {
            a = a.record(run(Phase.ERROR));
        }
        assertThat(a.phase()).isEqualTo(Phase.RUNNING);
        assertThat(a.record(run(Phase.ERROR)).phase()).isEqualTo(Phase.ERROR);
    }

    @Test
    void inconclusiveRunsBeyondTheLimitMakeTheAnalysisInconclusive() {
        Analysis a = start(new AnalysisLimits(5, 0, 1, 4));
        a = a.record(run(Phase.INCONCLUSIVE));
        assertThat(a.phase()).isEqualTo(Phase.RUNNING);
        a = a.record(run(Phase.INCONCLUSIVE));
        assertThat(a.phase()).isEqualTo(Phase.INCONCLUSIVE);
        assertThat(a.message()).isEqualTo("inconclusive (2) > inconclusiveLimit (1)");
    }

    @Test
    void succeedsWhenTheCountIsReachedWithinTheLimitsAndErrorsDoNotCount() {
        Analysis a = start(new AnalysisLimits(3, 1, 0, 4));
        a = a.record(run(Phase.SUCCESSFUL)).record(run(Phase.ERROR)).record(run(Phase.FAILED));
        assertThat(a.phase()).isEqualTo(Phase.RUNNING);
        assertThat(a.measured()).isEqualTo(2);
        a = a.record(run(Phase.SUCCESSFUL));
        assertThat(a.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(a.message()).isEqualTo("count (3) reached");
    }

    @Test
    void aFailureOnTheLastCountedRunStillFails() {
        Analysis a = start(new AnalysisLimits(2, 0, 0, 4)).record(run(Phase.SUCCESSFUL)).record(run(Phase.FAILED));
        assertThat(a.phase()).isEqualTo(Phase.FAILED);
    }

    @Test
    void aCompletedAnalysisTakesNoMoreRunsAndRunsMustBeInOrder() {
        Analysis failed = start(AnalysisLimits.DEFAULTS).record(run(Phase.FAILED));
        assertThatThrownBy(() -> failed.record(run(Phase.SUCCESSFUL))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("analysis already FAILED (failed (1) > failureLimit (0))");
        Analysis running = start(new AnalysisLimits(0, 0, 0, 4)).record(run(Phase.SUCCESSFUL));
        AnalysisRun older = AnalysisRun.of(clock.instant().minusSeconds(3600), List.of());
        assertThatThrownBy(() -> running.record(older)).hasMessageContaining("is older than the previous run");
    }

    @Test
    void refusesNegativeLimits() {
        assertThatThrownBy(() -> new AnalysisLimits(1, -1, 0, 4)).hasMessageContaining("failureLimit: -1 is negative");
    }

    private Analysis start(AnalysisLimits limits) {
        return Analysis.start(limits, clock.instant());
    }

    /** A run of the given phase one minute after the previous one. */
    private AnalysisRun run(Phase phase) {
        clock.advance(Duration.ofMinutes(1));
        if (phase == Phase.ERROR) {
            return AnalysisRun.error(clock.instant(), "prometheus: connection refused");
        }
        Verdict verdict = switch (phase) {
            case SUCCESSFUL -> Verdict.PASS;
            case FAILED -> Verdict.FAIL;
            default -> Verdict.INCONCLUSIVE;
        };
        return AnalysisRun.of(clock.instant(), List.of(new CheckResult("errorRate", verdict, new CheckResult.Evidence(
                "errorRate", Duration.ofMinutes(1), 0.0, null, "<= 1 %", 2000, 0, null, phase.name()))));
    }
}
