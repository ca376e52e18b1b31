package io.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Path BASE = Path.of("/srv/shop");
    private static final String MINIMAL_APP = """
            apps:
              web:
                command: java -jar app.jar
                gateway: { listen: ":8080" }
            """;

    @Test
    void readsAFullFile() {
        SlipwayConfig config = parse("""
                server:
                  listen: 0.0.0.0:9000
                  dataDir: /var/lib/slipway
                  store: { type: sqlite, path: state.db }
                  gatewayIdlePoll: 50us
                apps:
                  web:
                    command: "java -Dname='my shop' -jar app-{version}.jar --port {port}"
                    env: { JAVA_OPTS: -Xmx256m, EMPTY: }
                    workingDir: "{artifactDir}/bin"
                    artifactDir: releases/web/{version}
                    instances: 3
                    health: { livePath: /live, readyPath: /ready, interval: 2s, timeout: 500ms,
                              healthyThreshold: 2, unhealthyThreshold: 4 }
                    gateway: { listen: 127.0.0.1:8080, connectTimeout: 250ms, upstreamTimeout: 1m,
                               idleTimeout: 1h30m, maxHeaderBytes: 32768, tunnelIdleTimeout: 10m }
                    readyTimeout: 2m
                    drain: 0s
                    stopTimeout: 3s
                    scaleDownDelay: 1h
                    restart: { initialBackoff: 100ms, maxBackoff: 10s, crashLoopRestarts: 7, crashLoopWindow: 2m }
                  api:
                    command: [node, server.js, "--port", "{port}"]
                    gateway: { listen: ":8081" }
                """);

        assertThat(config.server()).isEqualTo(new ServerConfig(new HostPort("0.0.0.0", 9000),
                Path.of("/var/lib/slipway"), new StoreConfig("sqlite", "state.db"), Duration.ofNanos(50_000)));
        assertThat(config.apps().keySet()).containsExactly("web", "api");
        AppConfig web = config.app("web");
        assertThat(web.command()).containsExactly(
                "java", "-Dname=my shop", "-jar", "app-{version}.jar", "--port", "{port}");
        assertThat(web.env()).isEqualTo(Map.of("JAVA_OPTS", "-Xmx256m", "EMPTY", ""));
        assertThat(web.workingDir()).isEqualTo("{artifactDir}/bin");
        assertThat(web.artifactDir()).isEqualTo("/srv/shop/releases/web/{version}");
        assertThat(web.instances()).isEqualTo(3);
        assertThat(web.health()).isEqualTo(new HealthConfig("/live", "/ready",
                Duration.ofSeconds(2), Duration.ofMillis(500), 2, 4));
        assertThat(web.gateway()).isEqualTo(new GatewayConfig(new HostPort("127.0.0.1", 8080),
                Duration.ofMillis(250), Duration.ofMinutes(1), Duration.ofMinutes(90), 32768)
                .withTunnelIdleTimeout(Duration.ofMinutes(10)));
        assertThat(List.of(web.readyTimeout(), web.drain(), web.stopTimeout(), web.scaleDownDelay()))
                .containsExactly(Duration.ofMinutes(2), Duration.ZERO, Duration.ofSeconds(3), Duration.ofHours(1));
        assertThat(web.restart()).isEqualTo(new RestartPolicy(
                Duration.ofMillis(100), Duration.ofSeconds(10), 7, Duration.ofMinutes(2)));
        assertThat(config.app("api").command()).containsExactly("node", "server.js", "--port", "{port}");
    }

    @Test
    void fillsInDefaults() {
        SlipwayConfig config = parse(MINIMAL_APP);

        assertThat(config.server()).isEqualTo(new ServerConfig(new HostPort("127.0.0.1", 7070),
                Path.of("/srv/shop/slipway-data"), new StoreConfig("sqlite", "slipway.db")));
        assertThat(config.server().gatewayIdlePoll()).isEqualTo(Duration.ofNanos(50_000));
        AppConfig web = config.app("web");
        assertThat(web.env()).isEmpty();
        assertThat(web.workingDir()).isNull();
        assertThat(web.artifactDir()).isEqualTo("/srv/shop/slipway-data/artifacts/web/{version}");
        assertThat(web.instances()).isEqualTo(1);
        assertThat(web.health()).isEqualTo(HealthConfig.DEFAULTS);
        assertThat(web.gateway()).isEqualTo(new GatewayConfig(new HostPort("0.0.0.0", 8080),
                Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(60), 16384));
        assertThat(List.of(web.readyTimeout(), web.drain(), web.stopTimeout(), web.scaleDownDelay()))
                .containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(10),
                        Duration.ofMinutes(5));
        assertThat(web.restart()).isEqualTo(RestartPolicy.DEFAULTS);
    }

    @Test
    void anEmptyFileIsAServerWithoutApps() {
        SlipwayConfig config = parse("");

        assertThat(config.apps()).isEmpty();
        assertThat(config.server().listen()).isEqualTo(ServerConfig.DEFAULT_LISTEN);
    }

    @Test
    void interpolatesEnvironmentVariablesWithDefaultsAndEscapes() {
        SlipwayConfig config = ConfigLoader.parse("""
                server:
                  listen: ${ADMIN:-127.0.0.1:7171}
                apps:
                  web:
                    command: java -jar ${JAR} --greeting '$${NOT_A_VAR}'
                    env: { DB_URL: "jdbc:${DB:-sqlite}:${DATA}/shop.db", BLANK: "${UNSET_OR_EMPTY:-fallback}" }
                    instances: ${INSTANCES}
                    gateway: { listen: ":${WEB_PORT:-8080}" }
                """, BASE, Map.of("JAR", "shop.jar", "DATA", "/data", "INSTANCES", "2",
                "WEB_PORT", "9090", "UNSET_OR_EMPTY", ""));

        AppConfig web = config.app("web");
        assertThat(config.server().listen()).isEqualTo(new HostPort("127.0.0.1", 7171));
        assertThat(web.command()).containsExactly("java", "-jar", "shop.jar", "--greeting", "${NOT_A_VAR}");
        assertThat(web.env()).containsEntry("DB_URL", "jdbc:sqlite:/data/shop.db").containsEntry("BLANK", "fallback");
        assertThat(web.instances()).isEqualTo(2);
        assertThat(web.gateway().listen().port()).isEqualTo(9090);
    }

    @Test
    void reportsAnUnsetVariableByNameAndPath() {
        assertThat(problems("""
                apps:
                  web:
                    command: java -jar app.jar
                    env: { DB_URL: "jdbc:${DB_URL}" }
                    gateway: { listen: ":8080", idleTimeout: "${IDLE}" }
                """)).containsExactly(
                "apps.web.env.DB_URL: \"jdbc:${DB_URL}\" needs environment variable DB_URL, which is not set"
                        + " (set it, or write ${DB_URL:-default})",
                "apps.web.gateway.idleTimeout: \"${IDLE}\" needs environment variable IDLE, which is not set"
                        + " (set it, or write ${IDLE:-default})");
    }

    @Test
    void showsWhereAnInterpolatedBadValueCameFrom() {
        Throwable thrown = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
                server: { listen: "${ADMIN}" }
                """, BASE, Map.of("ADMIN", "localhost")));

        assertThat(thrown).hasMessageContaining(
                "server.listen: \"localhost\" is not a listen address (e.g. 127.0.0.1:8080 or :8080) (from ${ADMIN})");
    }

    @Test
    void reportsEveryProblemOfAFileWithPathAndValue() {
        assertThat(problems("""
                server:
                  listen: 127.0.0.1:70000
                  store: { type: mysql, path: "" }
                  gatewayIdlePoll: 2ms
                  colour: blue
                apps:
                  Web_1:
                    command: java -jar app.jar
                    gateway: { listen: ":8081" }
                  shop:
                    command: "java -jar 'app.jar"
                    instances: 0
                    health: { livePath: live, interval: 5x, timeout: 2s, healthyThreshold: two, helthyThreshold: 1 }
                    gateway: { listen: localhost, maxHeaderBytes: 10 }
                    readyTimeout: 0s
                    drain: 500
                    restart: { initialBackoff: 1s, maxBackoff: 500ms, crashLoopRestarts: -1 }
                    strategy: rolling
                  api:
                    command: [run, "", "{verison}"]
                    env: { PORT: "9000", 1BAD: x }
                    artifactDir: "/opt/{app}"
                  worker: just-a-string
                """)).containsExactly(
                "server.colour: unknown key, expected one of listen, dataDir, store, gatewayIdlePoll",
                "server.listen: \"127.0.0.1:70000\" has a port outside 0-65535",
                "server.gatewayIdlePoll: \"2ms\" is longer than the 1ms allowed (e.g. 50us; 0s: no polling)",
                "server.store.type: \"mysql\" is not sqlite or postgres",
                "server.store.path: \"\" must not be empty",
                "apps.Web_1: \"Web_1\" is not a valid app name: up to 40 of a-z, 0-9 and '-', not starting with '-'",
                "apps.shop.command: \"java -jar 'app.jar\" has an unclosed ' quote",
                "apps.shop.instances: \"0\" must be between 1 and 64",
                "apps.shop.health.helthyThreshold: unknown key, did you mean healthyThreshold?",
                "apps.shop.health.livePath: \"live\" must be an HTTP path starting with / (e.g. /health/ready)",
                "apps.shop.health.interval: \"5x\" is not a duration (e.g. 5s, 250ms)",
                "apps.shop.health.timeout: \"2s\" must not exceed interval (1s)",
                "apps.shop.health.healthyThreshold: \"two\" is not a whole number",
                "apps.shop.gateway.listen: \"localhost\" is not a listen address (e.g. 127.0.0.1:8080 or :8080)",
                "apps.shop.gateway.maxHeaderBytes: \"10\" must be between 1024 and 1048576",
                "apps.shop.readyTimeout: \"0s\" must be more than 0",
                "apps.shop.drain: \"500\" is not a duration: add a unit (e.g. 5s, 250ms)",
                "apps.shop.restart.maxBackoff: \"500ms\" must be at least initialBackoff (1s)",
                "apps.shop.restart.crashLoopRestarts: \"-1\" must be between 1 and 1000",
                "apps.shop.strategy: \"rolling\" is not blue-green or canary",
                "apps.api.command[1]: \"\" must not be empty",
                "apps.api.command: \"{verison}\" has unknown placeholder {verison},"
                        + " expected {version} or {port} or {artifactDir}",
                "apps.api.env.PORT: is set by Slipway for each instance, leave it out",
                "apps.api.env.1BAD: is not an environment variable name (letters, digits, _)",
                "apps.api.artifactDir: \"/opt/{app}\" has unknown placeholder {app}, expected {version}",
                "apps.api.gateway.listen: is required, e.g. 0.0.0.0:8080 or :8080",
                "apps.worker: expected a mapping with at least command and gateway.listen");
    }

    @Test
    void requiresACommand() {
        assertThat(problems("""
                apps:
                  web: { gateway: { listen: ":8080" } }
                  api: { command: "  ", gateway: { listen: ":8081" } }
                """)).containsExactly(
                "apps.web.command: is required, e.g. \"java -jar app-{version}.jar --port {port}\"",
                "apps.api.command: must name the program to run");
    }

    @Test
    void refusesTwoListenersOnOnePortButAllowsAnyFreePort() {
        assertThat(problems("""
                server: { listen: ":8000" }
                apps:
                  a: { command: run, gateway: { listen: "0.0.0.0:8080" } }
                  b: { command: run, gateway: { listen: "127.0.0.1:8080" } }
                  c: { command: run, gateway: { listen: ":8000" } }
                  d: { command: run, gateway: { listen: ":0" } }
                  e: { command: run, gateway: { listen: ":0" } }
                """)).containsExactly(
                "apps.b.gateway.listen: \"127.0.0.1:8080\" uses port 8080, already taken by apps.a.gateway.listen",
                "apps.c.gateway.listen: \"0.0.0.0:8000\" uses port 8000, already taken by server.listen");
    }

    @Test
    void readsTheGatewayLimitsAndRouting() {
        GatewayConfig g = parse("""
                apps:
                  web:
                    command: run
                    gateway: { listen: ":8080", requestHeadTimeout: 5s, maxBodyMegabytes: 256, ejectAfter: 3,
                               ejectFor: 2s, sticky: "cookie:session", previewHeader: X-Preview,
                               previewCookie: preview, accessLog: "on", trustedProxies: [10.0.0.0/8, "::1"],
                               mirrorMethods: [GET, POST] }
                """).app("web").gateway();
        assertThat(g.trustedProxies()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1"));
        assertThat(g.mirrorMethods()).containsExactly("GET", "POST");
        assertThat(GatewayConfig.DEFAULTS.mirrorMethods()).containsExactly("GET", "HEAD", "OPTIONS");
        assertThat(List.of(g.requestHeadTimeout(), g.ejectFor())).containsExactly(Duration.ofSeconds(5),
                Duration.ofSeconds(2));
        assertThat(List.of(g.maxBodyMegabytes(), g.ejectAfter())).containsExactly(256, 3);
        assertThat(List.of(g.sticky(), g.previewHeader(), g.previewCookie()))
                .containsExactly("cookie:session", "X-Preview", "preview");
        assertThat(g.accessLog()).isTrue();
        assertThat(GatewayConfig.DEFAULTS.accessLog()).isFalse();
        assertThat(problems("""
                apps:
                  web:
                    command: run
                    gateway: { listen: ":8080", sticky: "cookie", previewHeader: "X Preview", maxBodyMegabytes: 0,
                               trustedProxies: [10.0.0.0/8, lb.internal, 10.0.0.0/40], mirrorMethods: [GET, post] }
                  api:
                    command: run
                    gateway: { listen: ":8081", mirrorMethods: [] }
                  admin:
                    command: run
                    gateway: { listen: ":8082", mirrorMethods: GET }
                """)).containsExactly(
                "apps.web.gateway.maxBodyMegabytes: \"0\" must be between 1 and 1048576",
                "apps.web.gateway.sticky: \"cookie\" is not clientIp, cookie:NAME or header:NAME",
                "apps.web.gateway.previewHeader: \"X Preview\" is not a header name",
                "apps.web.gateway.trustedProxies[1]: \"lb.internal\" is not an IP address or CIDR block (e.g. 10.0.0.0/8 or 192.168.1.10)",
                "apps.web.gateway.trustedProxies[2]: \"10.0.0.0/40\" has a prefix length outside 0..32",
                "apps.web.gateway.mirrorMethods[1]: \"post\" is not an HTTP method in capitals (e.g. GET, POST)",
                "apps.api.gateway.mirrorMethods: \"[]\" must be a non-empty list of HTTP methods, e.g. [GET, HEAD, OPTIONS]",
                "apps.admin.gateway.mirrorMethods: \"GET\" must be a non-empty list of HTTP methods, e.g. [GET, HEAD, OPTIONS]");
    }

    @Test
    void refusesTheGatewaysReservedName() {
        assertThat(problems("""
                apps:
                  slipway-gateway: { command: run, gateway: { listen: ":0" } }
                """)).containsExactly("apps.slipway-gateway: \"slipway-gateway\" is reserved:"
                + " Slipway supervises its own gateway process under this name");
    }

    @Test
    void reportsTheWrongShapeOfASection() {
        assertThat(problems("""
                server: [a, b]
                apps:
                  web:
                    command: { java: true }
                    health: 5s
                    gateway: { listen: [":8080"] }
                """)).containsExactly(
                "server: expected a mapping of listen, dataDir, store, gatewayIdlePoll",
                "apps.web.command: expected a single value, not a mapping",
                "apps.web.health: expected a mapping of livePath, readyPath, interval, timeout,"
                        + " healthyThreshold, unhealthyThreshold",
                "apps.web.gateway.listen: expected a single value, not a list");
    }

    @Test
    void reportsInvalidYamlWithLineAndColumn() {
        assertThat(problems("""
                apps:
                  web:
                    command: java
                   gateway: oops
                """)).containsExactly("invalid YAML at line 4, column 4: expected <block end>,"
                + " but found '<block mapping start>' (while parsing a block mapping)");
    }

    @Test
    void reportsADuplicateKeyAsInvalidYaml() {
        assertThat(problems("""
                server: { listen: ":1" }
                server: { listen: ":2" }
                """)).containsExactly("invalid YAML at line 2, column 7: Duplicate field 'server'");
    }

    @Test
    void loadsAFileAndTakesRelativePathsFromItsDirectory(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("slipway.yaml"), "server: { dataDir: data }\n" + MINIMAL_APP);

        SlipwayConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.server().dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(config.app("web").artifactDir()).isEqualTo(dir.resolve("data/artifacts/web/{version}").toString());
    }

    @Test
    void reportsAMissingFile(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly(new ConfigProblem("", null, "no such file: " + file)))
                .hasMessage(file + ": 1 problem\n  no such file: " + file);
    }

    @Test
    void problemsReadAsPathValueAndMessage() {
        assertThat(new ConfigProblem("apps.web.health.interval", "5x", "is not a duration (e.g. 5s, 250ms)"))
                .hasToString("apps.web.health.interval: \"5x\" is not a duration (e.g. 5s, 250ms)");
        assertThat(new ConfigProblem("apps.web.command", null, "is required"))
                .hasToString("apps.web.command: is required");
        assertThat(new ConfigProblem("a", "say \"hi\"", "is odd")).hasToString("a: \"say \\\"hi\\\"\" is odd");
    }

    private static SlipwayConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, BASE, Map.of());
    }

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
