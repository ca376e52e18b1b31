package io.slipway.supervisor;

/** Where one instance (one OS process slot) of a version is in its life. */
public enum InstanceState {
    /** Recorded, process being spawned (pid not known yet). */
    STARTING,
    /** Process alive (spawned or adopted). */
    RUNNING,
    /** Process exited; a restart is scheduled after a backoff delay. */
    BACKOFF,
    /** SIGTERM sent, waiting for the tree to exit. */
    STOPPING,
    /** Stopped on purpose. */
    STOPPED,
    /** No more restarts: crash loop or the command cannot be started. */
    FAILED
}
