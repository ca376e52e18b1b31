package io.slipway.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipway.deploy.Deployment;
import io.slipway.store.DeploymentRepository;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Slipway's own metrics on {@code /metrics}: deployments by outcome, instances by state, and the
 * gateway process's per-version traffic. The values live in the store, the supervisor and the
 * gateway process, so they are read at scrape time ({@link #scrape}) rather than pushed.
 */
public final class ControlPlaneMetrics {
    /** Prometheus text exposition format 0.0.4, the content type Prometheus expects. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final DeploymentRepository deployments;
    private final Supplier<List<Instance>> instances;
    private final Supplier<Optional<JsonNode>> gateway;
    private final MultiGauge deploymentGauge;
    private final MultiGauge instanceGauge;
    private final MultiGauge inFlightGauge;
    private final MultiGauge p99Gauge;
    /** The gateway's cumulative counts, by counter name and tags, as last read. */
    private final Map<String, Double> gatewayCounts = new ConcurrentHashMap<>();
    private volatile boolean gatewayUp;

    /** One supervised instance as the metrics see it. */
    public record Instance(String app, String version, String state) {
    }

    public ControlPlaneMetrics(PrometheusMeterRegistry registry, DeploymentRepository deployments,
                               Supplier<List<Instance>> instances, Supplier<Optional<JsonNode>> gateway) {
        this.registry = registry;
        this.deployments = deployments;
        this.instances = instances;
        this.gateway = gateway;
        deploymentGauge = MultiGauge.builder("slipway_deployments")
                .description("Deployments recorded in the store, by app and state").register(registry);
        instanceGauge = MultiGauge.builder("slipway_instances")
                .description("Supervised app instances, by app, version and state").register(registry);
        inFlightGauge = MultiGauge.builder("slipway_gateway_in_flight_requests")
                .description("Requests being proxied right now, by app and version").register(registry);
        p99Gauge = MultiGauge.builder("slipway_gateway_latency_p99_seconds")
                .description("p99 latency through the gateway over the last 60 s, by app and version")
                .register(registry);
        Gauge.builder("slipway_gateway_up", this, m -> m.gatewayUp ? 1 : 0)
                .description("1 when the gateway process answers on its control endpoint").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Reads the current values and renders the registry as Prometheus text. */
    public String scrape() {
        refresh();
        return registry.scrape(CONTENT_TYPE);
    }

    private void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        deployments.countsByState().forEach((app, byState) -> {
            for (Deployment.State state : Deployment.State.values()) {
                rows.add(MultiGauge.Row.of(Tags.of("app", app, "state", state.name()),
                        byState.getOrDefault(state.name(), 0L)));
            }
        });
        deploymentGauge.register(rows, true);

        Map<Tags, Integer> byState = new java.util.HashMap<>();
        instances.get().forEach(i -> byState.merge(Tags.of("app", i.app(), "version", i.version(), "state", i.state()),
                1, Integer::sum));
        instanceGauge.register(byState.entrySet().stream()
                .map(e -> MultiGauge.Row.of(e.getKey(), e.getValue())).toList(), true);

        Optional<JsonNode> status = gateway.get();
        gatewayUp = status.isPresent();
        status.ifPresent(this::readGateway);
    }

    private void readGateway(JsonNode status) {
        List<MultiGauge.Row<?>> inFlight = new ArrayList<>();
        List<MultiGauge.Row<?>> p99 = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> apps = status.path("apps").fields(); apps.hasNext(); ) {
            Map.Entry<String, JsonNode> app = apps.next();
            follow("slipway_gateway_access_log_dropped", "Access log lines the gateway did not write (the disk fell"
                    + " 4 MB behind, or a write failed), by app", Tags.of("app", app.getKey()),
                    app.getValue().path("status").path("accessLogDropped").asDouble());
            for (Iterator<Map.Entry<String, JsonNode>> vs = app.getValue().path("versions").fields(); vs.hasNext(); ) {
                Map.Entry<String, JsonNode> v = vs.next();
                Tags tags = Tags.of("app", app.getKey(), "version", v.getKey());
                inFlight.add(MultiGauge.Row.of(tags, v.getValue().path("inFlight").asDouble()));
                p99.add(MultiGauge.Row.of(tags, v.getValue().path("last60s").path("p99Millis").asDouble() / 1000.0));
                countRequests(app.getKey(), v.getKey(), v.getValue());
            }
        }
        inFlightGauge.register(inFlight, true);
        p99Gauge.register(p99, true);
    }

    private void countRequests(String app, String version, JsonNode v) {
        for (String status : List.of("2xx", "3xx", "4xx", "5xx")) {
            follow("slipway_gateway_requests", "Responses sent through the gateway, by app, version and status class",
                    Tags.of("app", app, "version", version, "status", status), v.path("status" + status).asDouble());
        }
    }

    /**
     * A counter {@code name} with {@code tags} at the gateway's cumulative {@code count}, registered
     * the first time it is seen. Counters, not gauges, so that rate() works.
     */
    private void follow(String name, String description, Tags tags, double count) {
        String key = name + tags;
        if (gatewayCounts.put(key, count) == null) {
            FunctionCounter.builder(name, gatewayCounts, m -> m.getOrDefault(key, 0.0))
                    .description(description).tags(tags).register(registry);
        }
    }
}
