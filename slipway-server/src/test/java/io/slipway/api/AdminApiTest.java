package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.slipway.backup.Replicas;
import io.slipway.config.AppConfig;
import io.slipway.config.HostPort;
import io.slipway.config.SlipwayConfig;
import io.slipway.config.TestConfigs;
import io.slipway.deploy.Orchestrator;
import io.slipway.deploy.Router;
import io.slipway.gateway.Slot;
import io.slipway.monitor.ControlPlaneMetrics;
import io.slipway.gateway.Upstream;
import io.slipway.server.AppStatus;
import io.slipway.server.ControlPlane;
import io.slipway.store.AppRepository;
import io.slipway.store.DeploymentRepository;
import io.slipway.store.Store;
import io.slipway.store.StoreLocation;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API against a real HTTP server on port 0 over an SQLite store (PostgreSQL: the subclass): every bad input
 * gets a 4xx naming the field and value.
 */
public class AdminApiTest {
    @TempDir
    Path dir;
    Store store;
    Orchestrator orchestrator;
    Vertx vertx;
    HttpServer server;
    Replicas replicas;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws SQLException {
        store = Store.open(newStore(), Clock.systemUTC());
        AppConfig web = TestConfigs.app("web", List.of("unused"), Map.of());
        SlipwayConfig config = TestConfigs.config(dir, web);
        NoFleet fleet = new NoFleet();
        Router router = new NoRouter();
        orchestrator = new Orchestrator(config, fleet, router, new AppRepository(store),
                new DeploymentRepository(store), Clock.systemUTC(), Duration.ofSeconds(1));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        ControlPlaneMetrics planeMetrics = new ControlPlaneMetrics(metrics, new DeploymentRepository(store),
                () -> List.of(new ControlPlaneMetrics.Instance("web", "v1", "RUNNING")), java.util.Optional::empty);
        replicas = Replicas.start(config.apps().values(), Map.of(), Clock.systemUTC());
        ControlPlane plane = new ControlPlane(config, store, orchestrator, fleet, router, planeMetrics, () -> false,
                replicas);
        vertx = Vertx.vertx();
        server = AdminApi.listen(vertx, plane, new HostPort("127.0.0.1", 0), stopApps -> { }).await();
    }

    /** Where each test's new, empty store lives. */
    StoreLocation newStore() throws SQLException {
        return StoreLocation.sqlite(dir.resolve("s.db"));
    }

    @AfterEach
    void stop() {
        vertx.close().await();
        orchestrator.close();
        replicas.close();
        store.close();
    }

    @Test
    void rejectsBadDeploymentPayloadsNamingTheFieldAndValue() throws Exception {
        assertError(post("/api/v1/deployments", ""), 400, "body", "request body: expected a JSON object");
        assertError(post("/api/v1/deployments", "{\"app\": "), 400, "body", "request body is not valid JSON");
        assertError(post("/api/v1/deployments", "[1]"), 400, "body", "expected a JSON object");
        assertError(post("/api/v1/deployments", "{\"app\":\"web\"}"), 400, "version", "version: missing");
        assertError(post("/api/v1/deployments", "{\"app\":\"web\",\"version\":7}"), 400, "version",
                "version: \"7\" must be a non-empty string");
        assertError(post("/api/v1/deployments", "{\"app\":\"web\",\"version\":\"v2\",\"colour\":\"blue\"}"), 400,
                "colour", "is not a known field");
        assertError(post("/api/v1/deployments", "{\"app\":\"web\",\"version\":\"v2\",\"strategy\":\"rolling\"}"), 400,
                "strategy", "strategy: \"rolling\" is not supported");
        HttpResponse<String> badVersion = post("/api/v1/deployments", "{\"app\":\"web\",\"version\":\"v 2\"}");
        assertThat(badVersion.statusCode()).isEqualTo(400);
        assertThat(json(badVersion).get("error").asText()).contains("version: \"v 2\" is not a valid version");
        HttpResponse<String> unknownApp = post("/api/v1/deployments", "{\"app\":\"nope\",\"version\":\"v2\"}");
        assertThat(unknownApp.statusCode()).isEqualTo(404);
        assertThat(json(unknownApp).get("error").asText()).contains("app \"nope\" is not in slipway.yaml (apps: web)");
        assertThat(post("/api/v1/deployments", "{\"app\":\"web\",\"version\":\"" + "x".repeat(70_000) + "\"}")
                .statusCode()).isEqualTo(413);
    }

    @Test
    void rejectsBadPathsAndQueryParameters() throws Exception {
        assertError(get("/api/v1/deployments/abc"), 400, "id", "id: \"abc\" is not a deployment id");
        assertError(get("/api/v1/deployments/999"), 404, "id", "deployment #999 does not exist");
        assertError(get("/api/v1/deployments?limit=0"), 400, "limit", "limit: \"0\" must be a whole number from 1");
        assertError(get("/api/v1/apps/nope"), 404, "app", "app \"nope\" is not in slipway.yaml");
        assertError(post("/api/v1/apps/web/rollback", "{\"to\": 3}"), 400, "to", "to: \"3\" must be a string");
        assertThat(post("/api/v1/apps/web/rollback", "").statusCode()).isEqualTo(409);
        assertThat(get("/api/v1/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void servesHealthAndPrometheusMetrics() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).as("the gateway is down in this test").isEqualTo(503);
        assertThat(json(ready).get("checks").get("store").asBoolean()).isTrue();
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge")
                .contains("slipway_instances{app=\"web\",state=\"RUNNING\",version=\"v1\"} 1.0")
                .contains("slipway_gateway_up 0.0");
        post("/api/v1/deployments", "{\"app\":\"web\",\"version\":\"v1\"}");
        assertThat(get("/metrics").body()).contains("slipway_deployments{app=\"web\",state=\"RUNNING\"} 1.0")
                .contains("slipway_deployments{app=\"web\",state=\"FAILED\"} 0.0");
    }

    @Test
    void acceptsADeploymentAndListsIt() throws Exception {
        HttpResponse<String> accepted = post("/api/v1/deployments", "{\"app\":\"web\",\"version\":\"v1\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(json(accepted).get("requestedBy").asText()).isEqualTo("tester");
        JsonNode versions = json(get("/api/v1/apps/web/versions"));
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("version").asText()).isEqualTo("v1");
        assertThat(versions.get(0).get("state").asText()).isEqualTo("CANDIDATE");
        JsonNode list = json(get("/api/v1/deployments?app=web"));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("version").asText()).isEqualTo("v1");
    }

    private void assertError(HttpResponse<String> r, int status, String field, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("field").asText()).isEqualTo(field);
        assertThat(body.get("error").asText()).contains(message);
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("X-Slipway-User", "tester")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    /** A fleet with nothing running: the API tests are about requests, not processes. */
    public static class NoFleet implements ControlPlane.Fleet {
        @Override
        public List<Upstream> start(AppConfig app, String version) {
            return List.of();
        }

        @Override
        public List<Upstream> endpoints(String app, String version) {
            return List.of();
        }

        @Override
        public Health health(String app, String version) {
            return new Health(Health.Kind.STARTING, null);
        }

        @Override
        public CompletableFuture<Void> stop(AppConfig app, String version) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<AppStatus.InstanceStatus> instances(String app, String version) {
            return List.of();
        }

        @Override
        public List<String> versions(String app) {
            return List.of();
        }

        @Override
        public List<String> tailLog(String app, String version, int lines) {
            return List.of();
        }
    }

    static final class NoRouter implements Router {
        @Override
        public boolean routable(String app, List<io.slipway.gateway.Upstream> upstreams) {
            return false;
        }

        @Override
        public CompletableFuture<Long> publish(String app, List<Slot> slots) {
            return CompletableFuture.completedFuture(1L);
        }

        @Override
        public List<Slot> current(String app) {
            return List.of();
        }

        @Override
        public int inFlight(String app, String version) {
            return 0;
        }
    }
}
