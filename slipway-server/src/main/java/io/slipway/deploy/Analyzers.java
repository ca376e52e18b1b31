package io.slipway.deploy;

import io.slipway.analysis.Measurement;
import io.slipway.analysis.MetricException;
import io.slipway.config.AppConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Edges for an orchestrator that has no metric providers and no smoke runner. */
final class Analyzers {
    /** Every measurement fails: analyses end ERROR, the guard says once that it cannot measure. */
    static final Analyzer NONE = new Analyzer() {
        @Override
        public Measurement measure(AppConfig app, String version, Duration window) {
            throw new MetricException("no metric providers are connected to this orchestrator");
        }

        @Override
        public Measurement measureTraffic(AppConfig app, String version, Duration window) {
            return measure(app, version, window);
        }
    };

    /** Smoke tests cannot run: an app that has some fails its deployment before any traffic moves. */
    static final Smoke NO_SMOKE = (app, version) -> CompletableFuture.completedFuture(new Smoke.Result(false,
            "smoke tests cannot run: no smoke runner is connected to this orchestrator", List.of()));

    private Analyzers() {
    }
}
