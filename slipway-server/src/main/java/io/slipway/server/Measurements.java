package io.slipway.server;

import io.slipway.analysis.GatewayMetrics;
import io.slipway.analysis.Measurement;
import io.slipway.config.AppConfig;
import io.slipway.deploy.Analyzer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The orchestrator's {@link Analyzer}: each measurement is the gateway's counts and latencies for the
 * version, with the values of the app's configured queries (its own {@code /metrics}, a Prometheus
 * server) attached under their names.
 */
final class Measurements implements Analyzer {
    private final GatewayMetrics gateway;

    Measurements(GatewayMetrics gateway) {
        this.gateway = gateway;
    }

    @Override
    public Measurement measure(AppConfig app, String version, Duration window) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Long> samples = new LinkedHashMap<>();
        return gateway.measure(app.name(), version, window, values, samples);
    }

    @Override
    public Measurement measureTraffic(AppConfig app, String version, Duration window) {
        return gateway.measure(app.name(), version, window, Map.of(), Map.of());
    }
}
