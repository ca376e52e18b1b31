package io.slipway.server;

import io.slipway.analysis.GatewayMetrics;
import io.slipway.analysis.Measurement;
import io.slipway.config.AppConfig;
import io.slipway.deploy.Analyzer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The orchestrator's {@link Analyzer}: each measurement is the gateway's counts and latencies for the
 * version, with the values of the app's configured queries (its own {@code /metrics}, a Prometheus
 * server) attached under their names.
 */
final class Measurements implements Analyzer {
    private final GatewayMetrics gateway;
    private final Supplier<Optional<JsonNode>> gatewayStatus;

    Measurements(GatewayMetrics gateway, Supplier<Optional<JsonNode>> gatewayStatus) {
        this.gateway = gateway;
        this.gatewayStatus = gatewayStatus;
    }

    @Override
    public Measurement measure(AppConfig app, String version, Duration window) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Long> samples = new LinkedHashMap<>();
        mirror(app.name(), version, window, values, samples);
        return gateway.measure(app.name(), version, window, values, samples);
    }

    /**
     * The comparison of mirrored requests, when {@code version} was mirrored to: mismatch rate, error
     * rate and the median latency difference (ms, mirror minus primary). The gateway keeps these
     * over its last 10 s and 60 s, so a run reads the 10 s window when its interval is that short and
     * the 60 s one otherwise (for intervals above a minute, the last minute of it).
     */
    private void mirror(String app, String version, Duration window, Map<String, Double> values,
                        Map<String, Long> samples) {
        JsonNode m = gatewayStatus.get().map(s -> s.path("apps").path(app).path("versions").path(version).path("mirror"))
                .orElse(null);
        if (m == null || !m.isObject()) {
            return;
        }
        JsonNode w = m.path(window.toSeconds() <= 10 ? "last10s" : "last60s");
        long compared = w.path("compared").asLong();
        long finished = compared + w.path("mirrorErrors").asLong();
        values.put("mirrorMismatchRate", compared == 0 ? Double.NaN : w.path("mismatchRate").asDouble());
        samples.put("mirrorMismatchRate", compared);
        values.put("mirrorErrorRate", finished == 0 ? Double.NaN : w.path("errorRate").asDouble());
        samples.put("mirrorErrorRate", finished);
        values.put("mirrorLatencyDiff", compared == 0 ? Double.NaN : w.path("latencyDiffP50Millis").asDouble());
        samples.put("mirrorLatencyDiff", compared);
    }

    @Override
    public Measurement measureTraffic(AppConfig app, String version, Duration window) {
        return gateway.measure(app.name(), version, window, Map.of(), Map.of());
    }
}
