package io.slipway.cli;

import io.netty.util.concurrent.DefaultThreadFactory;
import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import io.slipway.config.ConfigLoader;
import io.slipway.config.SlipwayConfig;
import io.slipway.server.JavaCommand;
import io.slipway.server.SlipwayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code slipway demo}: the whole product in one minute on this machine. Starts a server on free
 * ports with a fresh data dir, deploys the bundled sample app v1, drives steady traffic, deploys
 * v2 blue-green, rolls back to v1, rolls v2 out again as a canary promoted by its analyses, then a v3
 * that fails 5 % of requests, rolled back automatically, and prints what happened with the evidence.
 */
@Command(name = "demo", description = "Run a self-contained demo: sample app v1, blue-green deploy of v2 under"
        + " steady traffic, rollback to v1, v2 as a canary promoted by analysis, v3 (5 %% errors) rolled back"
        + " automatically, summary. Exit 0 when every step went as expected and no request was dropped.")
final class DemoCommand implements Callable<Integer> {
    static final String APP = "sample";

    @Option(names = "--data-dir", description = "data directory (default: a fresh temporary directory)")
    Path dataDir;

    @Option(names = "--rate", defaultValue = "200", description = "client requests per second (default: 200)")
    int rate;

    @Option(names = "--keep-running", description = "stay up after the demo and print the URLs; stop with Ctrl-C")
    boolean keepRunning;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (rate < 1 || rate > 5000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--rate: " + rate + " is not between 1 and 5000 requests per second");
        }
        Path dir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("slipway-demo-");
        int adminPort = freePort();
        int gatewayPort = freePort();
        Path configFile = dir.resolve("slipway.yaml");
        Files.writeString(configFile, config(dir, adminPort, gatewayPort));
        SlipwayConfig config = ConfigLoader.load(configFile);
        say("Slipway demo: data dir " + dir + ", config " + configFile);

        SlipwayServer server = SlipwayServer.start(config, configFile, Clock.systemUTC());
        say("server ready: admin API http://127.0.0.1:" + server.apiPort());
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.apiPort() + "/"));
        if (!Waits.until(server::gatewayUp, Duration.ofSeconds(30))) {
            say("the gateway process did not come up within 30s; see " + dir.resolve("logs"));
            server.stopEverything();
            return Slipway.FAILED;
        }
        say("gateway ready: http://127.0.0.1:" + gatewayPort + "/");
        try {
            return run(server, api, URI.create("http://127.0.0.1:" + gatewayPort + "/"), dir);
        } finally {
            if (!keepRunning) {
                say("stopping the sample app, the gateway and the server");
                server.stopEverything();
            }
        }
    }

    private int run(SlipwayServer server, ApiClient api, URI gateway, Path dir) throws InterruptedException {
        List<JsonNode> deployments = new ArrayList<>();
        section("1. deploy " + APP + " v1 (first version)");
        deployments.add(follow(api, api.post("api/v1/deployments", Map.of("app", APP, "version", "v1"))));

        section("2. steady traffic through the gateway: " + rate + " requests/s");
        DemoTraffic traffic = new DemoTraffic(gateway);
        traffic.start(rate);
        ScheduledExecutorService ticker = ticker(traffic);
        Waits.until(() -> traffic.served("v1") >= rate, Duration.ofSeconds(10));

        section("3. deploy v2 blue-green while traffic flows");
        deployments.add(follow(api, api.post("api/v1/deployments", Map.of("app", APP, "version", "v2"))));
        long v2Before = traffic.served("v2");
        Waits.until(() -> traffic.served("v2") >= v2Before + rate, Duration.ofSeconds(10));

        section("4. roll back to v1 (still warm: one routing swap)");
        deployments.add(follow(api, api.post("api/v1/apps/" + APP + "/rollback", Map.of())));
        long v1Before = traffic.served("v1");
        Waits.until(() -> traffic.served("v1") >= v1Before + rate, Duration.ofSeconds(10));

        section("5. v2 again, as a canary: 30 % of traffic, analysis, 60 %, analysis, then all of it");
        deployments.add(follow(api, api.post("api/v1/deployments", Map.of("app", APP, "version", "v2",
                "strategy", "canary"))));

        section("6. v3, which fails 5 % of its requests, as a canary: Slipway must roll it back by itself");
        deployments.add(follow(api, api.post("api/v1/deployments", Map.of("app", APP, "version", "v3",
                "strategy", "canary"))));
        long v2Before2 = traffic.served("v2");
        Waits.until(() -> traffic.served("v2") >= v2Before2 + rate, Duration.ofSeconds(10));

        section("7. a feature flag: admins first, 20 % of users, then 40 %, then the kill switch");
        boolean flagsOk = new DemoFlags(api, out).run();

        ticker.shutdownNow();
        traffic.close();
        boolean ok = summary(traffic, deployments) && flagsOk;
        if (keepRunning) {
            section("still running; Ctrl-C stops the sample app, the gateway and the server");
            say("gateway   " + gateway);
            say("admin API http://127.0.0.1:" + server.apiPort() + "/api/v1/apps");
            say("status    java -jar slipway.jar status --url http://127.0.0.1:" + server.apiPort());
            say("data dir  " + dir);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopEverything, "demo-stop"));
            server.awaitClosed();
        }
        return ok ? 0 : Slipway.FAILED;
    }

    private JsonNode follow(ApiClient api, ApiClient.Response accepted) {
        if (!accepted.ok()) {
            throw new IllegalStateException("the server refused the demo's request: " + accepted.error());
        }
        new Follow(api, out, false).until(accepted.body());
        return api.get("api/v1/deployments/" + accepted.body().get("id").asLong()).body();
    }

    private ScheduledExecutorService ticker(DemoTraffic traffic) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("demo-ticker", true));
        long[] last = {0, 0};
        Map<String, Long> previous = new java.util.HashMap<>();
        ticker.scheduleAtFixedRate(() -> {
            Map<String, Long> now = traffic.served();
            StringBuilder split = new StringBuilder();
            long total = now.values().stream().mapToLong(Long::longValue).sum() - last[0];
            now.forEach((v, n) -> {
                long delta = n - previous.getOrDefault(v, 0L);
                if (delta > 0) {
                    split.append(String.format("  %s %3d%%", v, total == 0 ? 0 : delta * 100 / total));
                }
            });
            say(String.format("  traffic %s %4d req/s%s  failed %d", Render.time(Instant.now()), total, split,
                    traffic.failed() - last[1]));
            previous.putAll(now);
            last[0] += total;
            last[1] = traffic.failed();
        }, 1, 1, TimeUnit.SECONDS);
        return ticker;
    }

    private boolean summary(DemoTraffic traffic, List<JsonNode> deployments) {
        section("summary");
        say(String.format("  requests served     %d %s", traffic.total(), traffic.served()));
        long v3Errors = traffic.failedBy("v3");
        long dropped = traffic.failed() - v3Errors;
        say(String.format("  v3's own 5xx        %d (seen by users while v3 had its share, before the rollback)",
                v3Errors));
        say(String.format("  other failures      %d%s", dropped,
                dropped == 0 ? "" : " (last: " + traffic.lastFailure() + ")"));
        boolean asExpected = true;
        for (JsonNode d : deployments) {
            String expected = "v3".equals(d.get("version").asText()) ? "ROLLED_BACK" : "SUCCEEDED";
            asExpected &= expected.equals(d.get("state").asText());
            say(String.format("  %-19s %s", ("rollback".equals(d.get("strategy").asText().toLowerCase())
                    ? "rollback to " : "deploy ") + d.get("version").asText() + " (" + d.get("strategy").asText()
                    .toLowerCase().replace('_', '-') + ")", timing(d)));
            if (d.hasNonNull("reason")) {
                say("                      why: " + d.get("reason").asText());
            }
        }
        return asExpected && dropped == 0;
    }

    /** Total time, the app's own start-up (the ready step), canary observation and what Slipway added on top. */
    static String timing(JsonNode d) {
        if (!d.hasNonNull("finishedAt")) {
            return d.get("state").asText();
        }
        Duration total = Duration.between(Instant.parse(d.get("createdAt").asText()),
                Instant.parse(d.get("finishedAt").asText()));
        Duration appStart = Duration.ZERO;
        Duration observing = Duration.ZERO;
        for (JsonNode s : d.get("steps")) {
            if (!s.hasNonNull("startedAt") || !s.hasNonNull("finishedAt")) {
                continue;
            }
            Duration took = Duration.between(Instant.parse(s.get("startedAt").asText()),
                    Instant.parse(s.get("finishedAt").asText()));
            String name = s.get("name").asText();
            if ("ready".equals(name)) {
                appStart = took;
            } else if (name.startsWith("analysis") || name.startsWith("pause")) {
                observing = observing.plus(took);
            }
        }
        return String.format("%s in %s (waiting for the app to be ready %s%s, Slipway's own overhead %s)",
                d.get("state").asText(), Render.seconds(total), Render.seconds(appStart),
                observing.isZero() ? "" : ", watching the canary " + Render.seconds(observing),
                Render.seconds(total.minus(appStart).minus(observing)));
    }

    private static String config(Path dir, int adminPort, int gatewayPort) {
        List<String> command = new ArrayList<>(JavaCommand.of(List.of("-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss512k"), "io.slipway.sample.SampleApp"));
        command.addAll(List.of("--port", "{port}", "--version", "{version}"));
        return "# Written by `slipway demo`.\n"
                + "server:\n"
                + "  listen: 127.0.0.1:" + adminPort + "\n"
                + "  dataDir: " + Json.write(dir.toAbsolutePath().toString()) + "\n"
                + "apps:\n"
                + "  " + APP + ":\n"
                + "    command: " + Json.write(command) + "\n"
                + "    env: { SAMPLE_START_DELAY_MS: \"300\", SAMPLE_ERROR_RATE_V3: \"0.05\" }\n"
                + "    health: { interval: 250ms, timeout: 250ms, healthyThreshold: 1, unhealthyThreshold: 3 }\n"
                + "    gateway: { listen: 127.0.0.1:" + gatewayPort + " }\n"
                + "    readyTimeout: 30s\n"
                + "    drain: 5s\n"
                + "    scaleDownDelay: 60s\n"
                + "    canary: { steps: [ {setWeight: 30}, {analysis: demo}, {setWeight: 60}, {analysis: demo} ] }\n"
                + "    analysis:\n"
                + "      demo:   # short windows for a demo; the defaults are 60 s and 2000 requests a side\n"
                + "        interval: 5s\n"
                + "        minSamples: 150\n"
                + "        checks: [ {metric: errorRate, max: 1%}, {metric: p95, max: 1000}, {metric: successRate,"
                + " min: 0.999}, {compare: errorRate} ]\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void section(String title) {
        say("");
        say("== " + title);
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
