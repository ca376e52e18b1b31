package io.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import io.slipway.api.MigrationApps;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §6, migrations tied to deployments, with real processes: the sample app in its database mode
 * writes a row per request through the gateway into a real SQLite table, each version with the columns
 * it knows, and ships its own scripts in {@code releases/<version>} ({@code database.migrations:
 * releases/{version}}).
 */
class MigrationDeployIT extends EndToEnd {
    private static final String CREATE = "CREATE TABLE visits (id INTEGER PRIMARY KEY, version TEXT, note TEXT);";
    private static final String ADD_SOURCE = "ALTER TABLE visits ADD COLUMN source TEXT;";
    private static final String DROP_NOTE = "-- slipway:contract\nALTER TABLE visits DROP COLUMN note;";
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * Keep policy: v2's expand script runs before it starts, its contract script waits for v1 to be
     * retired (and {@code slipway migrate up} refuses it until then); a rollback keeps the schema and v1
     * works on it; a failing script aborts v3's deployment before v3 starts or traffic moves.
     */
    @Test
    void expandDeploysAndRollsBackOnTheKeptSchemaContractWaitsForRetirementAndAFailingMigrationAborts()
            throws Exception {
        release("v1", "V1__create_visits.sql", CREATE);
        release("v2", "V1__create_visits.sql", CREATE, "V2__add_source.sql", ADD_SOURCE, "V3__drop_note.sql", DROP_NOTE);
        release("v3", "V1__create_visits.sql", CREATE, "V2__add_source.sql", ADD_SOURCE, "V3__drop_note.sql", DROP_NOTE,
                "V4__add_tag.sql", "ALTER TABLE visits ADD COLUMN tag TEXT;\nINSERT INTO nowhere VALUES (1);");
        start("keep", "10s", Map.of("SAMPLE_DB_COLUMNS_V1", "version,note", "SAMPLE_DB_COLUMNS_V2", "version,source"));
        SlipwayProcess v1 = setup.cli("deploy", "sample", "v1");
        assertThat(v1.process.exitValue()).as(v1.text()).isZero();
        assertThat(v1.text()).contains("applied V1__create_visits.sql (schema none → 1), backup sample-");
        ClientLoop loop = new ClientLoop(setup.gatewayPort, "/visits").start(50);
        loop.awaitServed("v1", 20);

        SlipwayProcess v2 = setup.cli("deploy", "sample", "v2");
        assertThat(v2.process.exitValue()).as(v2.text()).isZero();
        assertThat(v2.text()).contains("applied V2__add_source.sql (schema 1 → 2)")
                .contains("deferred V3__drop_note.sql: V3__drop_note.sql is a contract migration")
                .contains("They can run once v1 is retired (after keep-warm, scaleDownDelay 10s): then slipway migrate"
                        + " up sample, or the next deployment");
        loop.awaitServed("v2", 20);
        SlipwayProcess refused = setup.cli("migrate", "up", "sample");
        assertThat(refused.process.exitValue()).as(refused.text()).isEqualTo(1);
        assertThat(refused.text()).contains("refusing to run V3__drop_note.sql: it is a contract migration")
                .contains("v1 of sample still run(s) beside the stable version");
        assertThat(columns()).containsExactly("id", "version", "note", "source");

        SlipwayProcess rollback = setup.cli("rollback", "sample");
        assertThat(rollback.process.exitValue()).as(rollback.text()).isZero();
        assertThat(rollback.text()).as("the rollback's own output says what it did with the schema")
                .contains("onRollback keep: the schema stays at 2");
        assertThat(step(finishedLatest(), "schema").get("detail").asText())
                .startsWith("onRollback keep: the schema stays at 2 (deployment #2 applied V2__add_source.sql). v1 runs"
                        + " on it");
        loop.awaitServed("v1", 20);

        SlipwayProcess again = setup.cli("deploy", "sample", "v2");
        assertThat(again.process.exitValue()).as(again.text()).isZero();
        assertThat(again.text()).contains("schema at 2: nothing of v2's to apply; deferred V3__drop_note.sql while v1");
        assertThat(step(finishedLatest(), "retire").get("detail").asText()).startsWith("stopped v1");
        SlipwayProcess contract = setup.cli("migrate", "up", "sample");
        assertThat(contract.process.exitValue()).as(contract.text()).isZero();
        assertThat(contract.text()).contains("V3__drop_note.sql");
        assertThat(columns()).containsExactly("id", "version", "source");
        loop.awaitServed("v2", 20);

        SlipwayProcess v3 = setup.cli("deploy", "sample", "v3");
        assertThat(v3.process.exitValue()).as(v3.text()).isEqualTo(1);
        assertThat(v3.text()).contains("migration failed, so v3 was not started and traffic did not move:"
                + " V4__add_tag.sql failed at statement 2").contains("no such table: nowhere");
        assertThat(setup.cli("status", "sample").text()).contains("v3 (blue-green) FAILED").contains("routing   v2 100%");
        assertThat(MarkedProcesses.scan(setup.dataDir())).noneMatch(p -> p.instance().contains("/v3/"));
        assertThat(columns()).containsExactly("id", "version", "source");
        assertThat(query("SELECT version, success FROM slipway_migration_history WHERE version = '4'"))
                .containsExactly(List.of("4", "0"));
        long servedBefore = loop.served("v2");
        loop.awaitServed("v2", 20);
        loop.close();
        assertThat(loop.failures).as("failed or 5xx responses").isEmpty();
        assertThat(loop.served()).containsOnlyKeys("v1", "v2");
        assertThat(loop.served("v2")).isGreaterThan(servedBefore);
    }

    /** Undo policy: a rollback runs v2's undo script once traffic is back on v1; a missing undo script is reported. */
    @Test
    void undoPolicyRunsTheUndoScriptsOnRollbackAndReportsAMissingOne() throws Exception {
        String create = "CREATE TABLE visits (id INTEGER PRIMARY KEY, version TEXT);";
        String undoSource = "ALTER TABLE visits DROP COLUMN source;";
        release("v1", "V1__create_visits.sql", create);
        release("v2", "V1__create_visits.sql", create, "V2__add_source.sql", ADD_SOURCE, "U2__add_source.sql", undoSource);
        release("v3", "V1__create_visits.sql", create, "V2__add_source.sql", ADD_SOURCE, "U2__add_source.sql", undoSource,
                "V3__add_tag.sql", "ALTER TABLE visits ADD COLUMN tag TEXT;");
        start("undo", "60s", Map.of("SAMPLE_DB_COLUMNS_V2", "version,source", "SAMPLE_DB_COLUMNS_V3", "version,tag"));
        assertThat(setup.cli("deploy", "sample", "v1").process.exitValue()).isZero();
        ClientLoop loop = new ClientLoop(setup.gatewayPort, "/visits").start(50);
        loop.awaitServed("v1", 20);

        assertThat(setup.cli("deploy", "sample", "v2").process.exitValue()).isZero();
        loop.awaitServed("v2", 20);
        assertThat(setup.cli("rollback", "sample").process.exitValue()).isZero();
        JsonNode undone = finishedLatest();
        assertThat(step(undone, "schema").get("detail").asText()).startsWith("onRollback undo: ran U2__add_source.sql"
                + " after traffic was back on v1 and v2 stopped; the schema is back at 1, as before deployment #2");
        assertThat(columns()).containsExactly("id", "version");
        loop.awaitServed("v1", 20);

        assertThat(setup.cli("deploy", "sample", "v3").process.exitValue()).isZero();
        loop.awaitServed("v3", 20);
        assertThat(setup.cli("rollback", "sample").process.exitValue()).isZero();
        JsonNode kept = step(finishedLatest(), "schema");
        assertThat(kept.get("state").asText()).isEqualTo("FAILED");
        assertThat(kept.get("detail").asText()).startsWith("onRollback undo not done:").contains("U3__add_tag.sql")
                .contains("The schema stays at 3");
        assertThat(columns()).containsExactly("id", "version", "source", "tag");
        loop.awaitServed("v1", 20);
        loop.close();
        assertThat(loop.failures).as("failed or 5xx responses").isEmpty();
    }

    private void start(String onRollback, String scaleDownDelay, Map<String, String> columns) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(columns);
        env.put("SAMPLE_DB", database().toString());
        setup = TestSetup.write(dir, env, "scaleDownDelay: " + scaleDownDelay,
                "database: { path: " + Json.write(database().toString()) + ", migrations: { dir: "
                        + Json.write(dir.resolve("releases/{version}").toString()) + ", onRollback: " + onRollback + " } }",
                "backup: { dir: " + Json.write(dir.resolve("backups").toString()) + ", verify: { after: false } }");
        server = SlipwayProcess.server(setup.config);
    }

    private Path database() {
        return dir.resolve("sample.db");
    }

    /** Writes {@code name, sql, name, sql …} as the migration scripts version {@code version} ships. */
    private void release(String version, String... scripts) throws IOException {
        Path release = dir.resolve("releases").resolve(version);
        Files.createDirectories(release);
        for (int i = 0; i < scripts.length; i += 2) {
            Files.writeString(release.resolve(scripts[i]), scripts[i + 1]);
        }
    }

    /** The newest deployment of the sample app once every step of it has finished (a rollback's schema step runs last). */
    private JsonNode finishedLatest() {
        JsonNode[] latest = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode list = get("/api/v1/deployments?app=sample&limit=1");
            latest[0] = get("/api/v1/deployments/" + list.get(0).get("id").asLong());
            return StreamSupport.stream(latest[0].get("steps").spliterator(), false)
                    .noneMatch(s -> List.of("PENDING", "RUNNING").contains(s.get("state").asText()));
        });
        return latest[0];
    }

    private static JsonNode step(JsonNode deployment, String name) {
        return StreamSupport.stream(deployment.get("steps").spliterator(), false)
                .filter(s -> s.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(setup.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    private List<String> columns() throws SQLException {
        return query("SELECT name FROM pragma_table_info('visits') ORDER BY cid").stream().map(r -> r.get(0)).toList();
    }

    private List<List<String>> query(String sql) throws SQLException {
        return MigrationApps.query(database(), sql);
    }
}
