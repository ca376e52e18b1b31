package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.ApiFixture;
import io.slipway.api.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code slipway flags …} against a real API server on port 0. */
class FlagsCommandTest {
    @TempDir
    Path dir;
    ApiFixture api;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        api = new ApiFixture(dir, List.of("production", "staging"));
        api.post("/api/v1/flags", "{\"key\": \"checkout\", \"category\": \"payments\", \"environments\": {"
                + "\"production\": {\"enabled\": true, \"strategies\": [{\"name\": \"everyone\", \"rollout\": 20}]},"
                + " \"staging\": {\"enabled\": true}}}");
        api.post("/api/v1/flags", "{\"key\": \"new-search\", \"environments\": {\"staging\": {\"enabled\": false}}}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void listsEachFlagWithItsStatePerEnvironment() {
        assertThat(run("flags", "list")).isZero();

        assertThat(out.toString()).isEqualTo("""
                KEY         CATEGORY          PRODUCTION    STAGING       VERSION
                checkout    payments          on 20%        on            1
                new-search  -                 -             off           1
                """);
        assertThat(run("flags", "list", "--category", "none-such")).isZero();
        assertThat(out.toString()).endsWith("no flags of category none-such\n");
    }

    @Test
    void rollsOutSwitchesAndKillsFlags() {
        assertThat(run("flags", "rollout", "checkout", "40", "--env", "production")).isZero();
        assertThat(lastLine()).isEqualTo("checkout: production on 40%, staging on (version 2)");
        assertThat(run("flags", "enable", "new-search", "--env", "staging", "--reason", "testers")).isZero();
        assertThat(lastLine()).isEqualTo("new-search: on in staging (version 2)");
        assertThat(run("flags", "disable", "checkout")).isZero();
        assertThat(lastLine()).isEqualTo("checkout: off everywhere (version 3)");
        assertThat(run("flags", "disable", "checkout", "--env", "staging")).isZero();
        assertThat(lastLine()).isEqualTo("checkout: nothing changed, off everywhere (version 3)");
        assertThat(run("flags", "disable-all", "payments")).isZero();
        assertThat(out.toString()).endsWith("1 flag of category \"payments\" now off in every environment"
                + " (0 switched off, the rest were off already)\n  checkout off\n");
        assertThat(run("flags", "history", "new-search")).isZero();
        assertThat(lastLine()).matches("#2 \\S+ tester create");
    }

    @Test
    void evaluatesForAUserAndPropertiesAndPrintsJsonForScripts() throws IOException {
        assertThat(run("flags", "eval", "checkout", "--env", "staging", "--user", "u1", "--set", "role=admin")).isZero();
        assertThat(lastLine()).isEqualTo("checkout: on in staging (ON_FOR_ALL, ruleset version 2)");

        assertThat(run("flags", "eval", "checkout", "--env", "production", "--user", "u1", "--json")).isZero();
        JsonNode e = Json.MAPPER.readTree(lastLine());
        assertThat(e.get("flag").asText()).isEqualTo("checkout");
        assertThat(e.get("reason").asText()).isIn("STRATEGY_MATCHED", "NO_STRATEGY_MATCHED");
        assertThat(run("flags", "get", "checkout", "--json")).isZero();
        assertThat(Json.MAPPER.readTree(out.toString()).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void showsOneFlagWithItsStrategies() {
        assertThat(run("flags", "get", "checkout")).isZero();

        assertThat(out.toString()).contains("checkout  (version 1, updated ")
                .contains("  category     payments\n")
                .contains("  production   on\n    everyone 20%\n")
                .contains("  staging      on\n");
    }

    @Test
    void appliesAFlagFromAYamlFile() throws IOException {
        Path file = dir.resolve("dark-mode.yaml");
        Files.writeString(file, """
                key: dark-mode
                category: ui
                environments:
                  staging: { enabled: true, strategies: [ { name: staff, rollout: 10 } ] }
                """);

        assertThat(run("flags", "apply", file.toString())).isZero();
        assertThat(lastLine()).isEqualTo("dark-mode: created (version 1)");
        Files.writeString(file, Files.readString(file).replace("rollout: 10", "rollout: 50"));
        assertThat(run("flags", "apply", file.toString())).isZero();
        assertThat(lastLine()).isEqualTo("dark-mode: applied (version 2)");
        Files.writeString(file, "key: dark-mode\ncolour: blue\n");
        assertThat(run("flags", "apply", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("error: colour: \"blue\" is not a known field");
    }

    @Test
    void exitsTwoOnBadUsageAndUnknownFlags() {
        assertThat(run("flags", "get", "nope")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: flag \"nope\" does not exist\n");
        assertThat(run("flags", "rollout", "checkout", "140", "--env", "production")).isEqualTo(2);
        assertThat(err.toString()).endsWith("error: percent: \"140\" must be a whole number from 0 to 100\n");
        assertThat(run("flags", "enable", "checkout")).isEqualTo(2);
        assertThat(err.toString()).contains("environment: missing; name one of production, staging");
        assertThat(run("flags", "rollout", "checkout", "half")).isEqualTo(2);
        assertThat(run("flags")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing verb: slipway flags list|get|enable|disable|rollout");
        assertThat(run("flags", "apply", dir.resolve("missing.yaml").toString())).isEqualTo(2);
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        List<String> all = new ArrayList<>(List.of(args));
        if (args.length > 1) {
            all.addAll(List.of("--url", api.uri("/").toString()));
        }
        return new CommandLine(Slipway.class).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
    }

    private String lastLine() {
        String[] lines = out.toString().split("\n");
        return lines[lines.length - 1];
    }
    @Test
    void reportsTheOnSideAgainstTheOffSideFromSdkEvents() {
        for (String side : List.of("true", "false")) {
            String units = java.util.stream.IntStream.range(0, 500).mapToObj(i -> "\"" + side + i + "\"")
                    .collect(java.util.stream.Collectors.joining(","));
            String buyers = java.util.stream.IntStream.range(0, side.equals("true") ? 100 : 40)
                    .mapToObj(i -> "\"" + side + i + "\"").collect(java.util.stream.Collectors.joining(","));
            api.post("/api/v1/flags/events", "{\"environment\": \"production\", \"exposures\": [{\"flag\": \"checkout\","
                    + " \"enabled\": " + side + ", \"count\": 500, \"units\": [" + units + "]}], \"metrics\": [{\"flag\":"
                    + " \"checkout\", \"enabled\": " + side + ", \"name\": \"conversion\", \"count\": 1, \"sum\": 1,"
                    + " \"sumSquares\": 1, \"units\": [" + buyers + "]}]}");
        }
        assertThat(run("flags", "report", "checkout", "--env", "production", "--over", "1h")).isZero();
        assertThat(out.toString()).contains("on vs off: better").contains("conversion: 20 % vs 8 % (control)")
                .contains("winner: on");
        assertThat(run("flags", "report", "checkout", "--over", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("soon");
    }

}
