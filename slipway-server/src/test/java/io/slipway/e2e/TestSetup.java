package io.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** A slipway.yaml for end-to-end tests: the bundled sample app behind a gateway, on free ports. */
final class TestSetup {
    final Path dir;
    final int adminPort;
    final int gatewayPort;
    final Path config;

    private TestSetup(Path dir, int adminPort, int gatewayPort, Path config) {
        this.dir = dir;
        this.adminPort = adminPort;
        this.gatewayPort = gatewayPort;
        this.config = config;
    }

    String url() {
        return "http://127.0.0.1:" + adminPort;
    }

    /** {@code extra} lines are appended under the app (e.g. {@code readyTimeout: 5s}). */
    static TestSetup write(Path dir, Map<String, String> env, String... extra) throws IOException {
        return write(dir, null, env, extra);
    }

    /** The same, with {@code server.store: store} (null: the default SQLite file in the data dir). */
    static TestSetup write(Path dir, String store, Map<String, String> env, String... extra) throws IOException {
        int admin = freePort();
        int gateway = freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", SlipwayProcess.jar().toString(),
                "io.slipway.sample.SampleApp", "--port", "{port}", "--version", "{version}");
        String envYaml = env.entrySet().stream().map(e -> e.getKey() + ": " + Json.write(e.getValue()))
                .collect(Collectors.joining(", ", "{ ", " }"));
        StringBuilder yaml = new StringBuilder()
                .append("server:\n")
                .append("  listen: 127.0.0.1:").append(admin).append('\n')
                .append("  dataDir: ").append(Json.write(dir.resolve("data").toString())).append('\n')
                .append(store == null ? "" : "  store: " + Json.write(store) + "\n")
                .append("apps:\n")
                .append("  sample:\n")
                .append("    command: ").append(Json.write(command)).append('\n')
                .append("    env: ").append(env.isEmpty() ? "{}" : envYaml).append('\n')
                .append("    health: { interval: 250ms, timeout: 250ms, healthyThreshold: 1, unhealthyThreshold: 3 }\n")
                .append("    gateway: { listen: 127.0.0.1:").append(gateway).append(" }\n")
                .append("    drain: 5s\n");
        for (String line : extra) {
            yaml.append("    ").append(line).append('\n');
        }
        Path config = dir.resolve("slipway.yaml");
        Files.writeString(config, yaml);
        return new TestSetup(dir, admin, gateway, config);
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    /** Runs a client verb of slipway.jar against this setup's server; returns the finished process. */
    SlipwayProcess cli(String... args) throws IOException, InterruptedException {
        String[] withUrl = new String[args.length + 2];
        System.arraycopy(args, 0, withUrl, 0, args.length);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = url();
        SlipwayProcess p = SlipwayProcess.start(dir, withUrl);
        if (!p.process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.close();
            throw new IllegalStateException("slipway " + String.join(" ", args) + " did not finish: " + p.text());
        }
        return p;
    }

    /** GET {@code path} of the admin API as JSON; {@code {"error": ...}} while the server does not answer (a restart). */
    JsonNode get(String path) {
        try {
            return Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(url() + path))).body());
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode().put("error", "unreachable: " + e);
        }
    }

    /**
     * Waits until /health/ready says UP. The server prints its ready line before the gateway
     * process it starts answers, so a readiness check right after that line can still say DOWN.
     */
    void awaitReady() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/health/ready").path("status").asText().equals("UP"));
    }

    /** POSTs {@code json} to {@code path} of the admin API. */
    HttpResponse<String> post(String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The name of the step deployment {@code id} is at, "" while the server does not answer. */
    String currentStep(long id) {
        JsonNode d = get("/api/v1/deployments/" + id);
        return d.path("steps").path(d.path("currentStep").asInt()).path("name").asText();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
