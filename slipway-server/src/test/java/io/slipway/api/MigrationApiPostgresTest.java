package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.config.AppConfig;
import io.slipway.config.BackupConfig;
import io.slipway.config.DatabaseConfig;
import io.slipway.config.MigrationsConfig;
import io.slipway.config.TestConfigs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.slipway.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Migrations through the API on a real PostgreSQL server (the embedded artifact), backed up with pg_dump first. */
class MigrationApiPostgresTest {
    private static final String LEDGER = "/api/v1/apps/ledger/migrations";
    private static EmbeddedPostgres pg;
    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE ledger");
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Test
    void upsAndDownsWithADryRunEqualToTheRunAndThePgDumpBackupInTheHistory() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(scripts.resolve("V1__entries.sql"), "CREATE TABLE entries (id serial PRIMARY KEY, amount int);");
        Files.writeString(scripts.resolve("U1__entries.sql"), "DROP TABLE entries;");
        Files.writeString(scripts.resolve("V2__balance.sql"), "CREATE FUNCTION balance() RETURNS bigint AS $$\n"
                + "  SELECT coalesce(sum(amount), 0) FROM entries; -- a semicolon inside the body\n$$ LANGUAGE sql;");
        Files.writeString(scripts.resolve("U2__balance.sql"), "DROP FUNCTION balance();");
        AppConfig ledger = TestConfigs.app("ledger", List.of("./ledger"), Map.of()).withData(
                new DatabaseConfig("postgres", null, "127.0.0.1", pg.getPort(), "ledger", "postgres", null)
                        .withMigrations(new MigrationsConfig(scripts, Duration.ZERO)),
                new BackupConfig(dir.resolve("backups"), null, 7, 24, 7, 4, true, null, null, true, null, null));
        try (ApiFixture api = new ApiFixture(dir, List.of("production"), null, ledger)) {
            JsonNode dryRun = ok(api.post(LEDGER + "/up", "{\"dryRun\": true}"));
            JsonNode run = ok(api.post(LEDGER + "/up", "{}"));
            assertThat(run.get("statements")).isEqualTo(dryRun.get("statements"));
            assertThat(query("SELECT DISTINCT backup FROM slipway_migration_history")).containsExactly(run.get("backup").asText());
            assertThat(json(api.get("/api/v1/apps/ledger/backups/" + run.get("backup").asText())).at("/backup/status").asText())
                    .isEqualTo("DONE");
            assertThat(query("SELECT balance()::text")).containsExactly("0");

            ok(api.post(LEDGER + "/down", "{\"to\": \"1\"}"));
            assertThat(json(api.get(LEDGER)).get("current").asText()).isEqualTo("1");
            assertThat(query("SELECT count(*)::text FROM pg_proc WHERE proname = 'balance'")).containsExactly("0");
        }
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.getDatabase("postgres", "ledger").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
