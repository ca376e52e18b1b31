package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipway.backup.Replicas;
import io.slipway.config.FlagsConfig;
import io.slipway.config.HostPort;
import io.slipway.config.SlipwayConfig;
import io.slipway.config.TestConfigs;
import io.slipway.deploy.Orchestrator;
import io.slipway.flags.FlagsFileWatcher;
import io.slipway.monitor.ControlPlaneMetrics;
import io.slipway.server.ControlPlane;
import io.slipway.store.AppRepository;
import io.slipway.store.DeploymentRepository;
import io.slipway.store.Store;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The admin API on a real HTTP server on port 0 over a real store, with no apps running unless its fleet runs some. */
public final class ApiFixture implements AutoCloseable {
    public final Store store;
    public final Orchestrator orchestrator;
    public final ControlPlane plane;
    /** Captures the apps with backup.pitr whose database exists when the fixture starts (and looks again each minute). */
    public final Replicas replicas;
    public final Vertx vertx = Vertx.vertx();
    public final HttpServer server;
    public final HttpClient http = HttpClient.newHttpClient();

    public ApiFixture(Path dir, List<String> flagEnvironments) {
        this(dir, flagEnvironments, null);
    }

    /** With {@code flags.file} set to {@code flagsFile} (or null), watched as the server watches it. */
    public ApiFixture(Path dir, List<String> flagEnvironments, Path flagsFile) {
        this(dir, flagEnvironments, flagsFile, new io.slipway.config.AppConfig[0]);
    }

    /** A server whose slipway.yaml declares {@code apps} (none of them runs). */
    public ApiFixture(Path dir, List<String> flagEnvironments, Path flagsFile, io.slipway.config.AppConfig... apps) {
        this(dir, flagEnvironments, flagsFile, new AdminApiTest.NoFleet(), apps);
    }

    /** A server whose slipway.yaml declares {@code apps}, run by {@code fleet}. */
    public ApiFixture(Path dir, List<String> flagEnvironments, Path flagsFile, ControlPlane.Fleet fleet,
                      io.slipway.config.AppConfig... apps) {
        store = Store.open(dir.resolve("s.db"), Clock.systemUTC());
        SlipwayConfig base = TestConfigs.config(dir, apps);
        SlipwayConfig config = new SlipwayConfig(base.server(), base.apps(), new FlagsConfig(flagEnvironments,
                flagsFile));
        AdminApiTest.NoRouter router = new AdminApiTest.NoRouter();
        orchestrator = new Orchestrator(config, fleet, router, new AppRepository(store),
                new DeploymentRepository(store), Clock.systemUTC(), Duration.ofSeconds(1));
        ControlPlaneMetrics metrics = new ControlPlaneMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new DeploymentRepository(store), List::of, Optional::empty);
        replicas = Replicas.start(config.apps().values(), Map.of(), Clock.systemUTC());
        plane = new ControlPlane(config, store, orchestrator, fleet, router, metrics, () -> false, replicas);
        plane.watchFlagsFile();
        server = AdminApi.listen(vertx, plane, new HostPort("127.0.0.1", 0), stopApps -> { }).await();
    }

    @Override
    public void close() {
        plane.flagsFile().ifPresent(FlagsFileWatcher::close);
        vertx.close().await();
        orchestrator.close();
        replicas.close();
        store.close();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public HttpResponse<String> post(String path, String body) {
        return send(request(path, "X-Slipway-User", "tester").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> put(String path, String body, String... headers) {
        return send(request(path, headers).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        return headers.length == 0 ? b : b.headers(headers);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
