package io.slipway.deploy;

import io.slipway.config.AppConfig;
import io.slipway.gateway.Upstream;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the orchestrator needs from the supervisor: run and stop versions as OS processes. */
public interface Processes {

    /** Starts the version's instances unless they already run (idempotent); returns their endpoints. */
    List<Upstream> start(AppConfig app, String version);

    /** Endpoints of the version's live instances (empty if none). */
    List<Upstream> endpoints(String app, String version);

    /** Whether the version runs, failed (crash loop) or is stopped, with the reason. */
    Health health(String app, String version);

    /** SIGTERM, then SIGKILL after the app's stop timeout, of every instance's process tree. */
    CompletableFuture<Void> stop(AppConfig app, String version);

    /** Process-level view of a version. */
    record Health(Kind kind, String reason) {
        public enum Kind { RUNNING, STARTING, FAILED, STOPPED }

        public boolean failed() {
            return kind == Kind.FAILED;
        }
    }
}
