package io.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    private static final String TWO_APPS = """
            apps:
              web: { command: "java -jar web.jar --port {port}", gateway: { listen: ":8080" } }
              api: { command: "java -jar api.jar", gateway: { listen: ":8081" } }
            """;
    private static final String BROKEN = """
            apps:
              web:
                command: java -jar web.jar
                health: { interval: 5x }
                gateway: { listen: ":8080", idleTimeout: "${IDLE}" }
            """;

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void saysOkWithTheAppsOfTheDefaultFile() throws IOException {
        Files.writeString(dir.resolve("slipway.yaml"), TWO_APPS);

        assertThat(run()).isZero();
        assertThat(out).hasToString("slipway.yaml: OK (2 apps: web, api)\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void readsTheFileGivenAsArgumentOrWithConfig() throws IOException {
        Files.writeString(dir.resolve("prod.yaml"), "apps: { web: { command: run, gateway: { listen: \":80\" } } }");

        assertThat(run("prod.yaml")).isZero();
        assertThat(run("--config", "prod.yaml")).isZero();
        assertThat(out).hasToString("prod.yaml: OK (1 app: web)\nprod.yaml: OK (1 app: web)\n");
    }

    @Test
    void listsEveryProblemOnePerLineAndExitsTwo() throws IOException {
        Files.writeString(dir.resolve("slipway.yaml"), BROKEN);

        assertThat(run()).isEqualTo(2);
        assertThat(err).hasToString("""
                slipway.yaml: 2 problems
                  apps.web.health.interval: "5x" is not a duration (e.g. 5s, 250ms)
                  apps.web.gateway.idleTimeout: "${IDLE}" needs environment variable IDLE, which is not set \
                (set it, or write ${IDLE:-default})
                """);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void printsProblemsAsJsonForScripts() throws IOException {
        Files.writeString(dir.resolve("slipway.yaml"), BROKEN);

        assertThat(run("--json")).isEqualTo(2);
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("file").asText()).isEqualTo("slipway.yaml");
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.get("problems")).hasSize(2);
        JsonNode first = report.get("problems").get(0);
        assertThat(first.get("path").asText()).isEqualTo("apps.web.health.interval");
        assertThat(first.get("value").asText()).isEqualTo("5x");
        assertThat(first.get("message").asText()).isEqualTo("is not a duration (e.g. 5s, 250ms)");
    }

    @Test
    void printsAValidFileAsJson() throws IOException {
        Files.writeString(dir.resolve("slipway.yaml"), TWO_APPS);

        assertThat(run("--json")).isZero();
        assertThat(out.toString().strip()).isEqualTo(
                "{\"file\":\"slipway.yaml\",\"valid\":true,\"apps\":[\"web\",\"api\"],\"problems\":[]}");
    }

    @Test
    void saysClearlyThatTheFileIsMissing() {
        assertThat(run()).isEqualTo(2);
        assertThat(err).hasToString("slipway.yaml: no such file: " + dir.resolve("slipway.yaml") + "\n");
    }

    @Test
    void reportsInvalidYamlOnOneLine() throws IOException {
        Files.writeString(dir.resolve("slipway.yaml"), "apps: [web\n");

        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).startsWith("slipway.yaml: invalid YAML at line 2, column 1: ");
    }

    @Test
    void refusesTwoDifferentFiles() {
        assertThat(run("a.yaml", "--config", "b.yaml")).isEqualTo(2);
        assertThat(err).hasToString("Name the config file once: as FILE or with --config, not both.\n");
    }

    private int run(String... args) {
        return new CommandLine(new ValidateCommand(Map.of(), dir))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
