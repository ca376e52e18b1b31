package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.ApiFixture;
import io.slipway.api.Json;
import io.slipway.api.MigrationApps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code slipway migrate …} against a real server on port 0 migrating real SQLite databases. */
class MigrateCommandTest {
    @TempDir
    Path dir;
    MigrationApps apps;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        apps = new MigrationApps(dir);
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void statusPrintsATableForPeopleAndJsonForScripts() throws Exception {
        assertThat(cli("migrate", "status", "shop")).isZero();
        assertThat(out.toString()).startsWith("shop: " + apps.database("shop") + " with no version applied, 3 pending\n")
                .containsPattern("VERSION +DESCRIPTION +TYPE +STATE +INSTALLED ON \\(UTC\\) +BY +TIME +BACKUP\n")
                .containsPattern("\n2 +add email +SQL +PENDING\n");
        assertThat(cli("migrate", "up", "shop", "--to", "1")).isZero();
        assertThat(cli("migrate", "status", "shop")).isZero();
        assertThat(out.toString()).containsPattern("\n1 +create users +SQL +APPLIED +20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +"
                + System.getProperty("user.name") + " +\\d+ ms +shop-");
        assertThat(cli("migrate", "status", "shop", "--json")).isZero();
        assertThat(json(out.toString()).get("entries")).hasSize(3);
    }

    @Test
    void aDryRunPrintsExactlyTheSqlThatUpThenRunsAndUpSaysWhatItDidAndWhichBackup() {
        assertThat(cli("migrate", "up", "shop", "--to", "2", "--dry-run")).isZero();
        String dryRun = out.toString();
        assertThat(dryRun).startsWith("-- slipway migrate up: apply 1 create users (V1__create_users.sql); apply 2 add"
                + " email (V2__add_email.sql)\n").contains("\nALTER TABLE users ADD COLUMN email TEXT;\n")
                .contains("SET backup = ?");
        assertThat(cli("migrate", "plan", "shop", "--to", "2")).isZero();
        assertThat(out.toString()).isEqualTo(dryRun);

        assertThat(cli("migrate", "up", "shop", "--to", "2", "--json")).isZero();
        JsonNode run = json(out.toString());
        assertThat(run.get("script").asText()).isEqualTo(dryRun);
        assertThat(cli("migrate", "up", "shop")).isZero();
        assertThat(out.toString()).isEqualTo("DONE    apply 3 add orders (V3__add_orders.sql)\n"
                + "shop: migrate up done; backup " + latestBackup() + " taken before it\n");
        assertThat(cli("migrate", "up", "shop")).isZero();
        assertThat(out.toString()).isEqualTo("shop: migrate up: nothing to do\n");
    }

    @Test
    void badInputAndMissingConfigExitTwoAndSayWhatToDo() {
        assertThat(cli("migrate", "status", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("app \"nope\" is not in slipway.yaml");
        assertThat(cli("migrate", "status", "nope", "--json")).isEqualTo(2);
        assertThat(json(out.toString()).get("error").asText()).isEqualTo("app \"nope\" is not in slipway.yaml");
        assertThat(cli("migrate", "up", "web", "--no-backup")).isEqualTo(2);
        assertThat(err.toString()).contains("has no database: block");
        assertThat(cli("migrate", "up", "bare")).isEqualTo(2);
        assertThat(err.toString()).contains("FAILED  ").contains("--no-backup");
        assertThat(cli("migrate", "up", "shop", "--to", "two")).isEqualTo(2);
        assertThat(err.toString()).contains("to: \"two\" is not a version");
        assertThat(cli("migrate", "baseline", "shop")).isEqualTo(2);
        assertThat(cli("migrate")).isEqualTo(2);
        assertThat(cli("migrate", "up", "bare", "--no-backup")).isZero();
        assertThat(out.toString()).endsWith("bare: migrate up done, no backup taken\n");
    }

    @Test
    void aFailedOrRefusedChangeExitsOneNamingTheVersionAndFile() {
        assertThat(cli("migrate", "up", "shop")).isZero();
        assertThat(cli("migrate", "down", "shop")).isEqualTo(1);
        assertThat(err.toString()).startsWith("FAILED  ").contains("U3__add_orders.sql");

        apps.script("V4__backfill.sql", "INSERT INTO users (id, name) VALUES (1, 'a');\nINSERT INTO nowhere VALUES (1);");
        apps.script("V5__later.sql", "CREATE TABLE later (id INTEGER);");
        assertThat(cli("migrate", "up", "shop")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("FAILED  version 4: V4__backfill.sql failed at statement 2");
        assertThat(cli("migrate", "up", "shop", "--json")).isEqualTo(1);
        assertThat(json(out.toString()).get("error").asText()).contains("V4__backfill.sql");
        assertThat(cli("migrate", "validate", "shop")).isEqualTo(1);
        assertThat(out.toString()).startsWith("FAILED       V4__backfill.sql (version 4) failed on ");
        assertThat(cli("migrate", "validate", "shop", "--json")).isEqualTo(1);
        assertThat(json(out.toString()).get("ok").asBoolean()).isFalse();

        assertThat(cli("migrate", "repair", "shop", "--dry-run")).isZero();
        assertThat(out.toString()).contains("DELETE FROM slipway_migration_history WHERE installed_rank = 4;");
        assertThat(cli("migrate", "repair", "shop")).isZero();
        assertThat(out.toString()).startsWith("DONE    ").contains("V4__backfill.sql");
        assertThat(cli("migrate", "validate", "shop")).isZero();
        assertThat(out.toString()).isEqualTo("shop: OK, the history and the scripts agree\n");
        apps.script("V4__backfill.sql", "INSERT INTO users (id, name) VALUES (1, 'a');");
        assertThat(cli("migrate", "up", "shop")).isZero();
        assertThat(out.toString()).startsWith("DONE    apply 4 backfill (V4__backfill.sql)\nDONE    apply 5 later");
    }

    @Test
    void baselinePrintsItsSqlOnADryRunAndRecordsTheVersion() throws Exception {
        apps.execute("bare", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT)");
        assertThat(cli("migrate", "baseline", "bare", "2", "--description", "before slipway", "--dry-run")).isZero();
        assertThat(out.toString()).contains("'2', 'before slipway', 'BASELINE', '<< baseline >>'");
        assertThat(cli("migrate", "baseline", "bare", "2", "--description", "before slipway")).isZero();
        assertThat(out.toString()).startsWith("DONE    baseline at version 2 (before slipway)");
        assertThat(cli("migrate", "up", "bare", "--no-backup")).isZero();
        assertThat(out.toString()).startsWith("DONE    apply 3 add orders (V3__add_orders.sql)\n");
    }

    private String latestBackup() {
        return ApiFixture.json(apps.api.get("/api/v1/apps/shop/backups")).get(0).get("id").asText();
    }

    private int cli(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", apps.api.uri("/").toString()));
        if (args.length < 2) {
            all = new ArrayList<>(List.of(args));
        }
        return new CommandLine(Slipway.class).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
