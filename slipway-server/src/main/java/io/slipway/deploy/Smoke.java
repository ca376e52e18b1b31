package io.slipway.deploy;

import io.slipway.config.AppConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs an app's smoke tests against a candidate through the gateway's preview route: the edge to HTTP. */
public interface Smoke {
    /** Starts the app's smoke tests against {@code version}; never blocks. */
    CompletableFuture<Result> run(AppConfig app, String version);

    /**
     * What the smoke tests found.
     *
     * @param passed  all passed
     * @param summary one line, e.g. {@code 3/3 smoke tests passed in 42 ms} or the first failure
     * @param lines   one line per test with its outcome
     */
    record Result(boolean passed, String summary, List<String> lines) {
        public Result {
            lines = List.copyOf(lines);
        }
    }
}
