package io.slipway.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipway.api.Json;
import io.slipway.store.DeploymentRepository;
import io.slipway.store.Store;
import io.slipway.store.StoreLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** What the control plane's /metrics makes of the gateway's /status. */
class ControlPlaneMetricsTest {
    @TempDir
    Path dir;
    Store store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static JsonNode gatewayStatus(long dropped, long ok) throws Exception {
        return Json.MAPPER.readTree("""
                {"apps": {"web": {"generation": 3, "port": 8080,
                  "versions": {"v1": {"inFlight": 2, "status2xx": %d, "status3xx": 0, "status4xx": 1, "status5xx": 0,
                                      "last60s": {"p99Millis": 12.5}}},
                  "status": {"accessLogDropped": %d}}}}""".formatted(ok, dropped));
    }

    @Test
    void followsTheGatewaysCountersIncludingDroppedAccessLogLines() throws Exception {
        store = Store.open(StoreLocation.sqlite(dir.resolve("s.db")), Clock.systemUTC());
        AtomicReference<JsonNode> status = new AtomicReference<>(gatewayStatus(0, 10));
        ControlPlaneMetrics metrics = new ControlPlaneMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new DeploymentRepository(store), List::of, () -> Optional.ofNullable(status.get()));

        assertThat(metrics.scrape())
                .contains("slipway_gateway_up 1.0")
                .contains("slipway_gateway_access_log_dropped_total{app=\"web\"} 0.0")
                .contains("slipway_gateway_requests_total{app=\"web\",status=\"2xx\",version=\"v1\"} 10.0")
                .contains("slipway_gateway_in_flight_requests{app=\"web\",version=\"v1\"} 2.0")
                .contains("slipway_gateway_latency_p99_seconds{app=\"web\",version=\"v1\"} 0.0125");

        status.set(gatewayStatus(37, 12));
        assertThat(metrics.scrape())
                .contains("slipway_gateway_access_log_dropped_total{app=\"web\"} 37.0")
                .contains("slipway_gateway_requests_total{app=\"web\",status=\"2xx\",version=\"v1\"} 12.0");

        status.set(null);
        assertThat(metrics.scrape()).contains("slipway_gateway_up 0.0");
    }
}
