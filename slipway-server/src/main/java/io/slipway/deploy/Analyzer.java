package io.slipway.deploy;

import io.slipway.analysis.Measurement;
import io.slipway.config.AppConfig;
import java.time.Duration;

/** Measures a version's recent traffic for analysis runs and the guard: the edge to the metric providers. */
public interface Analyzer {
    /**
     * What {@code version} of {@code app} served over the last {@code window}: the gateway's counts and
     * latencies, plus the values of the app's configured queries.
     *
     * @throws io.slipway.analysis.MetricException when a provider cannot measure
     */
    Measurement measure(AppConfig app, String version, Duration window);

    /** Only what the gateway saw (the guard needs no provider queries, and must be fast). */
    Measurement measureTraffic(AppConfig app, String version, Duration window);

    /**
     * Called when an analysis starts: providers that compute increases over a window (the app's own
     * counters) take their first reading now.
     *
     * @throws io.slipway.analysis.MetricException when a provider cannot read
     */
    default void baseline(AppConfig app, String version) {
    }
}
