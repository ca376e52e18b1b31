package io.slipway.analysis;

/**
 * Where an {@link AnalysisRun} or an {@link Analysis} stands, with Argo Rollouts' meanings
 * (AnalysisPhase): a run ends SUCCESSFUL, FAILED or INCONCLUSIVE when it could measure and ERROR when
 * it could not (a provider failed); an analysis is RUNNING until its limits or its count end it.
 * The orchestrator continues on SUCCESSFUL, pauses on INCONCLUSIVE for a person to decide, and rolls
 * back on FAILED and on ERROR (Argo aborts a rollout whose analysis errors, as when it fails).
 */
public enum Phase {
    RUNNING,
    SUCCESSFUL,
    FAILED,
    INCONCLUSIVE,
    ERROR;

    /** Whether this phase is final. */
    public boolean completed() {
        return this != RUNNING;
    }
}
