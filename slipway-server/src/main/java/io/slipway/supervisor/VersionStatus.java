package io.slipway.supervisor;

/**
 * The state of one version as a whole.
 *
 * @param reason   why it is {@link State#FAILED} or {@link State#RESTARTING} (e.g.
 *                 {@code crash loop: 5 exits in 30s, last exit code 1}), else null
 * @param restarts restarts of all its instances so far
 */
public record VersionStatus(State state, String reason, int restarts) {

    /** Version-level state, derived from its instances. */
    public enum State {
        /** At least one instance is being spawned, none is backing off. */
        STARTING,
        /** Every instance has a live process. */
        RUNNING,
        /** At least one instance exited and waits for its restart. */
        RESTARTING,
        /** Restarts stopped: crash loop or a command that cannot start. */
        FAILED,
        /** {@code stop()} in progress. */
        STOPPING,
        /** Not running under this supervisor. */
        STOPPED
    }

    static VersionStatus stopped() {
        return new VersionStatus(State.STOPPED, null, 0);
    }
}
