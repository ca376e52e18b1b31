package io.slipway.api;

import io.slipway.config.AppConfig;
import io.slipway.config.BackupConfig;
import io.slipway.config.DatabaseConfig;
import io.slipway.config.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static io.slipway.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Backups through the API and the CLI against a real server on port 0. */
class BackupApiTest {
    @TempDir
    Path dir;
    ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        Path db = dir.resolve("shop.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT)");
            s.execute("INSERT INTO orders (body) VALUES ('a'), ('b'), ('c')");
        }
        AppConfig shop = TestConfigs.app("shop", List.of("./shop"), Map.of()).withData(
                new DatabaseConfig("sqlite", db, null, 0, null, null, null),
                new BackupConfig(dir.resolve("backups"), null, 7, 24, 7, 4, true, null, null, true, null, null));
        api = new ApiFixture(dir, List.of("production"), null, shop, TestConfigs.app("web", List.of("./web"), Map.of()));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void takesListsShowsVerifiesAndRestoresBackups() {
        HttpResponse<String> taken = api.post("/api/v1/apps/shop/backups", "{\"reason\": \"before the migration\"}");
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
        String id = json(taken).get("id").asText();
        assertThat(json(api.get("/api/v1/apps/shop/backups")).get(0).get("id").asText()).isEqualTo(id);
        assertThat(json(api.get("/api/v1/apps/shop/backups/" + id)).at("/verifications/0/ok").asBoolean()).isTrue();
        assertThat(json(api.post("/api/v1/apps/shop/backups/latest/verify", "")).get("ok").asBoolean()).isTrue();
        HttpResponse<String> restored = api.post("/api/v1/apps/shop/restore", "{\"beside\": true}");
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(json(restored).at("/rows/orders").asLong()).isEqualTo(3);
        assertThat(json(api.post("/api/v1/apps/shop/backups/prune", "{\"dryRun\": true}")).get("pruned")).isEmpty();
        String metrics = api.get("/metrics").body();
        assertThat(metrics).contains("slipway_backup_last_verification_ok{app=\"shop\"} 1.0")
                .contains("slipway_backup_recent_failures{app=\"shop\"} 0.0")
                .containsPattern("slipway_backup_last_success_timestamp_seconds\\{app=\"shop\"} 1\\.7");
    }

    @Test
    void theCliSaysWhatItDidAndExitsOneWhenAVerificationFails() throws Exception {
        assertThat(cli("backup", "now", "shop")).isZero();
        assertThat(out.toString()).contains("DONE").contains("3 rows").contains("verified: restored into a scratch file");
        String id = json(api.get("/api/v1/apps/shop/backups")).get(0).get("id").asText();
        Path archive = Path.of(json(api.get("/api/v1/apps/shop/backups")).get(0).get("file").asText());
        byte[] bytes = java.nio.file.Files.readAllBytes(archive);
        bytes[bytes.length - 30] ^= 1;
        java.nio.file.Files.write(archive, bytes);
        assertThat(cli("backup", "verify", "shop", id)).isEqualTo(1);
        assertThat(out.toString()).contains(id + ": FAILED:");
        assertThat(cli("backup", "list", "shop")).isZero();
    }

    @Test
    void exportsAndImportsInPortableFormsAfterASafetyBackup() {
        String exportDir = dir.resolve("export").toString();
        HttpResponse<String> exported = api.post("/api/v1/apps/shop/export", "{\"dir\": \"" + exportDir + "\"}");
        assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
        assertThat(json(exported).at("/rowCounts/orders").asLong()).isEqualTo(3);
        assertRefused(api.post("/api/v1/apps/shop/import", "{\"dir\": \"" + exportDir + "\"}"), 409, "orders");
        HttpResponse<String> imported = api.post("/api/v1/apps/shop/import", "{\"dir\": \"" + exportDir
                + "\", \"replace\": true}");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(json(imported).get("safetyBackup").asText()).startsWith("shop-");
        assertRefused(api.post("/api/v1/apps/shop/export", "{\"dir\": \"relative\"}"), 400, "absolute path");
        assertRefused(api.post("/api/v1/apps/shop/export", "{\"dir\": \"/tmp/x\", \"format\": \"xml\"}"), 400, "jsonl or sql");
    }

    @Test
    void refusesWhatCannotBeDoneNamingIt() {
        assertRefused(api.post("/api/v1/apps/web/backups", ""), 400, "has no database: block");
        assertRefused(api.post("/api/v1/apps/nope/backups", ""), 404, "nope");
        assertRefused(api.post("/api/v1/apps/shop/backups/latest/verify", ""), 404, "no completed backup");
        assertRefused(api.post("/api/v1/apps/shop/backups/shop-x/verify", ""), 404, "shop-x");
        assertRefused(api.post("/api/v1/apps/shop/restore", "{\"beside\": \"yes\"}"), 400, "beside");
        assertRefused(api.post("/api/v1/apps/shop/backups", "{\"bogus\": 1}"), 400, "bogus");
    }

    private final StringWriter out = new StringWriter();

    private int cli(String... args) {
        out.getBuffer().setLength(0);
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--url", api.uri("/").toString()));
        return new picocli.CommandLine(io.slipway.cli.Slipway.class).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(new StringWriter(), true)).execute(all.toArray(String[]::new));
    }

    private static void assertRefused(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).get("error").asText()).contains(message);
    }
}
