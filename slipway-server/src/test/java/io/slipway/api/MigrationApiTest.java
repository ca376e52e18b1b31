package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.slipway.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Database migrations through the API, on a real server on port 0 with real SQLite databases and scripts. */
class MigrationApiTest {
    private static final String SHOP = "/api/v1/apps/shop/migrations";
    @TempDir
    Path dir;
    MigrationApps apps;
    ApiFixture api;

    @BeforeEach
    void start() {
        apps = new MigrationApps(dir);
        api = apps.api;
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void statusShowsEveryScriptPendingThenAppliedWithWhoAndTheBackupTakenBeforeIt() {
        JsonNode before = json(api.get(SHOP));
        assertThat(before.get("current").isNull()).isTrue();
        assertThat(before.get("pending").asInt()).isEqualTo(3);
        assertThat(before.get("entries")).extracting(e -> e.get("script").asText() + " " + e.get("state").asText())
                .containsExactly("V1__create_users.sql PENDING", "V2__add_email.sql PENDING", "V3__add_orders.sql PENDING");
        assertThat(before.at("/entries/0/undoable").asBoolean()).isTrue();
        assertThat(before.at("/entries/2/undoable").asBoolean()).isFalse();

        JsonNode up = ok(api.post(SHOP + "/up", "{}"));
        JsonNode after = json(api.get(SHOP));
        assertThat(after.get("current").asText()).isEqualTo("3");
        assertThat(after.get("entries")).allSatisfy(e -> {
            assertThat(e.get("state").asText()).isEqualTo("APPLIED");
            assertThat(e.get("installedBy").asText()).isEqualTo("tester");
            assertThat(e.get("backup").asText()).isEqualTo(up.get("backup").asText());
        });
    }

    @Test
    void aDryRunListsExactlyTheStatementsThatUpThenExecutesAndChangesNothing() throws Exception {
        JsonNode dryRun = ok(api.post(SHOP + "/up", "{\"to\": \"2\", \"dryRun\": true}"));
        assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.get("backup").isNull()).isTrue();
        assertThat(dryRun.get("changes")).extracting(JsonNode::asText).containsExactly(
                "apply 1 create users (V1__create_users.sql)", "apply 2 add email (V2__add_email.sql)");
        assertThat(texts(dryRun.get("statements"))).contains("ALTER TABLE users ADD COLUMN email TEXT")
                .anyMatch(s -> s.startsWith("UPDATE slipway_migration_lock SET backup = ?"))
                .anyMatch(s -> s.startsWith("INSERT INTO slipway_migration_history"));
        assertThat(dryRun.get("script").asText()).contains("-- V2__add_email.sql\n");
        assertThat(apps.query("shop", "SELECT name FROM sqlite_master")).isEmpty();
        assertThat(ok(api.get(SHOP + "/plan?to=2", "X-Slipway-User", "tester")).get("statements")).isEqualTo(dryRun.get("statements"));

        JsonNode run = ok(api.post(SHOP + "/up", "{\"to\": \"2\"}"));
        assertThat(run.get("dryRun").asBoolean()).isFalse();
        assertThat(run.get("statements")).isEqualTo(dryRun.get("statements"));
        assertThat(apps.query("shop", "SELECT version, success FROM slipway_migration_history ORDER BY installed_rank"))
                .containsExactly(List.of("1", "1"), List.of("2", "1"));
        assertThat(apps.query("shop", "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'email'"))
                .containsExactly(List.of("1"));
    }

    @Test
    void upTakesAPreMigrationBackupFirstAndEveryHistoryRowOfTheRunNamesIt() throws Exception {
        JsonNode run = ok(api.post(SHOP + "/up", "{\"to\": \"2\"}"));
        String backup = run.get("backup").asText();
        assertThat(apps.query("shop", "SELECT DISTINCT backup FROM slipway_migration_history"))
                .containsExactly(List.of(backup));
        JsonNode taken = json(api.get("/api/v1/apps/shop/backups/" + backup)).get("backup");
        assertThat(taken.get("kind").asText()).isEqualTo("pre-migration");
        assertThat(taken.get("status").asText()).isEqualTo("DONE");
        assertThat(taken.get("by").asText()).isEqualTo("tester");
        assertThat(taken.get("reason").asText()).isEqualTo("before migrate up to 2: apply 1 create users"
                + " (V1__create_users.sql); apply 2 add email (V2__add_email.sql)");
    }

    @Test
    void downWithoutAnUndoScriptIsRefusedNamingTheFileAndUndoesNothing() throws Exception {
        ok(api.post(SHOP + "/up", "{}"));
        HttpResponse<String> refused = api.post(SHOP + "/down", "{\"to\": \"1\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused).get("error").asText()).contains("U3__add_orders.sql");
        assertThat(json(refused).get("problems").toString()).contains("U3__add_orders.sql");
        assertThat(json(api.get(SHOP)).get("current").asText()).isEqualTo("3");

        apps.script("U3__add_orders.sql", "DROP TABLE orders;");
        JsonNode down = ok(api.post(SHOP + "/down", "{\"to\": \"1\"}"));
        assertThat(down.get("migrations")).extracting(m -> m.get("script").asText())
                .containsExactly("U3__add_orders.sql", "U2__add_email.sql");
        assertThat(json(api.get(SHOP)).get("current").asText()).isEqualTo("1");
        assertThat(apps.query("shop", "SELECT name FROM sqlite_master WHERE name IN ('orders', 'users')"))
                .containsExactly(List.of("users"));
    }

    @Test
    void anAppWithoutABackupBlockIsRefusedUpAndDownUnlessItSaysNoBackup() throws Exception {
        HttpResponse<String> refused = api.post("/api/v1/apps/bare/migrations/up", "{\"dryRun\": true}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused).get("error").asText()).contains("has no backup: block").contains("--no-backup");
        assertThat(api.get("/api/v1/apps/bare/migrations/plan").statusCode()).isEqualTo(400);

        JsonNode dryRun = ok(api.get("/api/v1/apps/bare/migrations/plan?noBackup=true", "X-Slipway-User", "tester"));
        assertThat(texts(dryRun.get("statements"))).noneMatch(s -> s.contains("SET backup = ?"));
        JsonNode run = ok(api.post("/api/v1/apps/bare/migrations/up", "{\"noBackup\": true}"));
        assertThat(run.get("statements")).isEqualTo(dryRun.get("statements"));
        assertThat(run.get("backup").isNull()).isTrue();
        assertThat(apps.query("bare", "SELECT DISTINCT backup FROM slipway_migration_history"))
                .containsExactly(java.util.Collections.singletonList(null));
        assertThat(api.post("/api/v1/apps/bare/migrations/down", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void badPayloadsAreRefusedNamingTheFieldAndItsValue() {
        assertBadField(api.post(SHOP + "/up", "{\"to\": \"two\"}"), "to", "two", "is not a version");
        assertBadField(api.post(SHOP + "/up", "{\"to\": 1.1}"), "to", "1.1", "must be a version as a string");
        assertBadField(api.post(SHOP + "/down", "{\"dryRun\": \"yes\"}"), "dryRun", "\"yes\"", "must be true or false");
        assertBadField(api.post(SHOP + "/up", "{\"target\": \"2\"}"), "target", "\"2\"", "is not a known field");
        assertBadField(api.post(SHOP + "/baseline", "{\"description\": \"old\"}"), "version", null, "version: missing");
        assertBadField(api.post(SHOP + "/repair", "{\"dryRun\": 1}"), "dryRun", "1", "must be true or false");
        assertBadField(api.get(SHOP + "/plan?to=x"), "to", "x", "is not a version");
        assertBadField(api.get(SHOP + "/plan?noBackup=maybe"), "noBackup", "maybe", "must be true or false");
        assertThat(api.post(SHOP + "/up", "{to: 2").statusCode()).isEqualTo(400);
        assertThat(json(api.get(SHOP)).get("pending").asInt()).isEqualTo(3);
    }

    @Test
    void anUnknownAppIs404AndAnAppWithoutMigrationsIsToldWhatToAdd() {
        HttpResponse<String> unknown = api.get("/api/v1/apps/nope/migrations");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("app \"nope\" is not in slipway.yaml");
        assertThat(api.post("/api/v1/apps/nope/migrations/up", "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> web = api.post("/api/v1/apps/web/migrations/up", "{\"noBackup\": true}");
        assertThat(web.statusCode()).isEqualTo(400);
        assertThat(json(web).get("error").asText()).contains("app \"web\" has no database: block")
                .contains("migrations: db/migrations");
    }

    @Test
    void aLockHeldByAnotherMigratorIs409NamingItsOwner() throws Exception {
        ok(api.post(SHOP + "/up", "{\"to\": \"1\"}"));
        apps.execute("shop", "INSERT INTO slipway_migration_lock (id, owner, acquired_at, expires_at)"
                + " VALUES (1, 'ci-runner pid 77 #beef', 0, 99999999999999)");
        HttpResponse<String> locked = api.post(SHOP + "/up", "{}");
        assertThat(locked.statusCode()).as(locked.body()).isEqualTo(409);
        assertThat(json(locked).get("owner").asText()).isEqualTo("ci-runner pid 77 #beef");
        assertThat(json(locked).get("error").asText()).contains("held by ci-runner pid 77 #beef");
        assertThat(json(api.get(SHOP)).get("current").asText()).isEqualTo("1");
    }

    @Test
    void aFailingScriptIsNamedWithWhatRanBeforeItThenValidateAndRepairSayAndFixTheHistory() throws Exception {
        apps.script("V4__backfill.sql", "INSERT INTO users (id, name) VALUES (1, 'a');\nINSERT INTO nowhere VALUES (1);");
        HttpResponse<String> failed = api.post(SHOP + "/up", "{}");
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
        JsonNode body = json(failed);
        assertThat(body.get("script").asText()).isEqualTo("V4__backfill.sql");
        assertThat(body.get("version").asText()).isEqualTo("4");
        assertThat(body.get("statement").asInt()).isEqualTo(2);
        assertThat(body.get("error").asText()).contains("V4__backfill.sql failed at statement 2").contains("nowhere");
        assertThat(texts(body.get("applied"))).containsExactly("V1__create_users.sql", "V2__add_email.sql",
                "V3__add_orders.sql");
        assertThat(apps.query("shop", "SELECT count(*) FROM users")).containsExactly(List.of("0"));

        JsonNode validation = ok(api.post(SHOP + "/validate", ""));
        assertThat(validation.get("ok").asBoolean()).isFalse();
        assertThat(validation.at("/problems/0/kind").asText()).isEqualTo("FAILED");
        assertThat(validation.at("/problems/0/script").asText()).isEqualTo("V4__backfill.sql");
        assertThat(api.post(SHOP + "/up", "{}").statusCode()).isEqualTo(409);

        JsonNode plan = ok(api.post(SHOP + "/repair", "{\"dryRun\": true}"));
        assertThat(texts(plan.get("statements"))).contains("DELETE FROM slipway_migration_history WHERE installed_rank = 4");
        assertThat(ok(api.post(SHOP + "/repair", "{}")).get("statements")).isEqualTo(plan.get("statements"));
        assertThat(ok(api.post(SHOP + "/validate", "")).get("ok").asBoolean()).isTrue();
    }

    @Test
    void baselineDeclaresAnExistingSchemaAndItsDryRunIsWhatRuns() throws Exception {
        apps.execute("shop", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT)");
        String request = "{\"version\": \"2\", \"description\": \"schema before slipway\"";
        JsonNode dryRun = ok(api.post(SHOP + "/baseline", request + ", \"dryRun\": true}"));
        assertThat(json(api.get(SHOP)).get("current").isNull()).isTrue();
        JsonNode run = ok(api.post(SHOP + "/baseline", request + "}"));
        assertThat(run.get("statements")).isEqualTo(dryRun.get("statements"));
        assertThat(json(api.get(SHOP)).get("entries")).extracting(e -> e.get("script").asText() + " " + e.get("state").asText())
                .containsExactly("V1__create_users.sql BELOW_BASELINE", "V2__add_email.sql BELOW_BASELINE",
                        "<< baseline >> BASELINE", "V3__add_orders.sql PENDING");
        assertThat(api.post(SHOP + "/baseline", request + "}").statusCode()).isEqualTo(409);
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void assertBadField(HttpResponse<String> r, String field, String value, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.get("field").asText()).isEqualTo(field);
        assertThat(body.get("value").isNull() ? null : body.get("value").asText()).isEqualTo(value);
        assertThat(body.get("error").asText()).contains(message);
    }
}
