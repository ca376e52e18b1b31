package io.slipway.server;

import io.slipway.analysis.AppMetrics;
import io.slipway.analysis.AppQuery;
import io.slipway.analysis.GatewayMetrics;
import io.slipway.analysis.MetricException;
import io.slipway.analysis.PrometheusQueries;
import io.slipway.config.RolloutConfig;
import io.slipway.gateway.Upstream;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import io.slipway.analysis.Measurement;
import io.slipway.config.AppConfig;
import io.slipway.store.FlagEventRepository;
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
    private final BiFunction<String, String, List<Upstream>> endpoints;
    private final AppMetrics appMetrics;
    private final Clock clock;
    private final Map<URI, PrometheusQueries> prometheus = new ConcurrentHashMap<>();
    private final FlagEventRepository flagEvents;

    /** {@code endpoints} gives the instances of an app's version, whose own {@code /metrics} are scraped. */
    Measurements(GatewayMetrics gateway, Supplier<Optional<JsonNode>> gatewayStatus,
                 BiFunction<String, String, List<Upstream>> endpoints, FlagEventRepository flagEvents, Clock clock) {
        this.flagEvents = flagEvents;
        this.gateway = gateway;
        this.gatewayStatus = gatewayStatus;
        this.endpoints = endpoints;
        this.appMetrics = new AppMetrics(clock);
        this.clock = clock;
    }

    @Override
    public Measurement measure(AppConfig app, String version, Duration window) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Long> samples = new LinkedHashMap<>();
        mirror(app.name(), version, window, values, samples);
        values.putAll(appQueries(app, version, window));
        prometheusQueries(app, version, window, values);
        experimentQueries(app, window, values, samples);
        return gateway.measure(app.name(), version, window, values, samples);
    }

    @Override
    public void baseline(AppConfig app, String version) {
        if (!appQueryList(app).isEmpty()) {
            appMetrics.scrape(app.name(), version, metricsUris(app, version));
        }
    }

    /** Scrapes every instance now and reads each {@code app} query's increase, gauge or ratio over the window. */
    private Map<String, Double> appQueries(AppConfig app, String version, Duration window) {
        List<AppQuery> queries = appQueryList(app);
        if (queries.isEmpty()) {
            return Map.of();
        }
        appMetrics.scrape(app.name(), version, metricsUris(app, version));
        return appMetrics.values(app.name(), version, queries, window);
    }

    private static List<AppQuery> appQueryList(AppConfig app) {
        return app.rollout().metrics().queries().values().stream().filter(q -> q.source().equals("app"))
                .map(q -> switch (q.kind()) {
                    case "ratio" -> AppQuery.ratio(q.name(), q.series(), q.over());
                    case "gauge" -> AppQuery.gauge(q.name(), q.series());
                    default -> AppQuery.increase(q.name(), q.series());
                })
                .toList();
    }

    private List<URI> metricsUris(AppConfig app, String version) {
        List<Upstream> instances = endpoints.apply(app.name(), version);
        if (instances.isEmpty()) {
            throw new MetricException(app.name() + " " + version + " has no running instance to read /metrics from");
        }
        return instances.stream().map(u -> URI.create("http://" + u.host() + ":" + u.port()
                + app.rollout().metrics().path())).toList();
    }

    private void prometheusQueries(AppConfig app, String version, Duration window, Map<String, Double> values) {
        URI base = app.rollout().metrics().prometheus();
        for (RolloutConfig.MetricQuery q : app.rollout().metrics().queries().values()) {
            if (q.source().equals("prometheus")) {
                PrometheusQueries client = prometheus.computeIfAbsent(base, PrometheusQueries::new);
                values.put(q.name(), client.query(q.series(), app.name(), version, window, clock.instant()));
            }
        }
    }

    /** Hybrid-mode experiment queries over the window (see {@link ExperimentValues}). */
    private void experimentQueries(AppConfig app, Duration window, Map<String, Double> values, Map<String, Long> samples) {
        List<RolloutConfig.MetricQuery> queries = app.rollout().metrics().queries().values().stream()
                .filter(q -> q.source().equals("experiment")).toList();
        if (!queries.isEmpty()) {
            ExperimentValues.of(flagEvents.experiments(clock.instant().minus(window)), queries, values, samples);
        }
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
