package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.backup.WalReplica;
import io.slipway.config.AppConfig;
import io.slipway.config.BackupConfig;
import io.slipway.config.DatabaseConfig;
import io.slipway.config.TestConfigs;
import io.slipway.gateway.Upstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.slipway.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Backups through the API and the CLI against a real server on port 0. */
class BackupApiTest {
    @TempDir
    Path dir;
    ApiFixture api;
    final VersionFleet fleet = new VersionFleet();

    @BeforeEach
    void start() throws Exception {
        execute(dir.resolve("shop.db"), "CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT)",
                "INSERT INTO orders (body) VALUES ('a'), ('b'), ('c')");
        api = server();
    }

    private ApiFixture server() {
        AppConfig shop = TestConfigs.app("shop", List.of("./shop"), Map.of()).withData(
                new DatabaseConfig("sqlite", dir.resolve("shop.db"), null, 0, null, null, null),
                new BackupConfig(dir.resolve("backups"), null, 7, 24, 7, 4, true, null, null, true, null, null));
        AppConfig ledger = TestConfigs.withPitr("ledger", dir.resolve("ledger.db"), dir.resolve("ledger-backups"),
                Duration.ofMillis(100));
        return new ApiFixture(dir, List.of("production"), null, fleet, shop, ledger,
                TestConfigs.app("web", List.of("./web"), Map.of()));
    }

    /** The same server again, now that the test created what it should find at start. */
    private void restart() {
        api.close();
        api = server();
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
    void restoresWithTheAppStoppedAndSaysWhichVersionsWereStoppedAndStartedAgain() {
        assertThat(api.post("/api/v1/apps/shop/backups", "").statusCode()).isEqualTo(201);
        fleet.running.add("v1");
        assertRefused(api.post("/api/v1/apps/shop/restore", "{}"), 409, "--stop-app");
        assertRefused(api.post("/api/v1/apps/shop/restore", "{\"stopApp\": true, \"beside\": true}"), 400,
                "--stop-app (stopApp) and --beside (beside)");
        assertThat(cli("backup", "restore", "shop", "--stop-app", "--beside")).isEqualTo(2);
        assertThat(fleet.calls).isEmpty();
        HttpResponse<String> restored = api.post("/api/v1/apps/shop/restore", "{\"stopApp\": true}");
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(json(restored).get("stoppedVersions")).hasSize(1).first().extracting(JsonNode::asText).isEqualTo("v1");
        assertThat(json(restored).get("safetyBackup").asText()).startsWith("shop-");
        assertThat(fleet.calls).containsExactly("stop v1", "start v1");
        assertThat(cli("backup", "restore", "shop", "--stop-app")).isZero();
        assertThat(out.toString()).contains("stopped for the restore and started again: v1");
    }

    @Test
    void verifiesThePitrReplicaAndShowsItsWindowAndExitsOneWhenItIsDamaged() throws Exception {
        Path db = dir.resolve("ledger.db");
        execute(db, "PRAGMA journal_mode=WAL", "CREATE TABLE entries (id INTEGER PRIMARY KEY)");
        try (WalReplica replica = WalReplica.start(db, dir.resolve("ledger-backups/pitr"), Clock.systemUTC(),
                Duration.ofMillis(100))) {
            await().until(() -> replica.status().lastCapturedAt() != null);
        }
        JsonNode window = json(api.get("/api/v1/apps/ledger/pitr"));
        assertThat(window.get("earliest").asText()).isNotBlank();
        assertThat(json(api.post("/api/v1/apps/ledger/pitr/verify", "")).get("ok").asBoolean()).isTrue();
        assertThat(cli("backup", "verify", "ledger", "--pitr")).isZero();
        assertThat(out.toString()).contains(": ok, 1 generations").contains("restorable from " + window.get("earliest").asText());
        Path snapshot;
        try (var files = Files.walk(dir.resolve("ledger-backups/pitr"))) {
            snapshot = files.filter(f -> f.toString().endsWith(".snap")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 1;
        Files.write(snapshot, bytes);
        assertThat(cli("backup", "verify", "ledger", "--pitr")).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED").contains("problem: ").contains(snapshot.getFileName().toString());
        assertThat(cli("backup", "verify", "ledger", "--pitr", "--json")).isEqualTo(1);
        assertThat(parse(out.toString()).get("problems")).isNotEmpty();
    }

    @Test
    void showsWhetherCaptureRunsBesideTheWindowAndOnMetrics() throws Exception {
        execute(dir.resolve("ledger.db"), "PRAGMA journal_mode=WAL", "CREATE TABLE entries (id INTEGER PRIMARY KEY)");
        java.time.Instant before = java.time.Instant.now();
        restart();
        JsonNode pitr = json(api.get("/api/v1/apps/ledger/pitr"));
        long sinceStart = Duration.between(before, java.time.Instant.now()).toMillis();
        assertThat(pitr.get("earliest").asText()).isNotBlank();
        assertThat(pitr.get("up").asBoolean()).isTrue();
        assertThat(pitr.get("lagMillis").asLong()).isBetween(0L, sinceStart);
        assertThat(pitr.get("lastError").isNull()).isTrue();
        assertThat(pitr.get("generation").asText()).matches("[0-9a-f]{16}");
        assertThat(pitr.get("snapshots").asInt()).isEqualTo(1);
        assertThat(api.get("/metrics").body()).contains("slipway_pitr_up{app=\"ledger\"} 1.0")
                .containsPattern("slipway_pitr_capture_lag_seconds\\{app=\"ledger\"} \\d")
                .containsPattern("slipway_pitr_replica_bytes\\{app=\"ledger\"} [1-9]");

        api.replicas.close();
        pitr = json(api.get("/api/v1/apps/ledger/pitr"));
        assertThat(pitr.get("up").asBoolean()).isFalse();
        assertThat(pitr.get("lastError").asText()).contains("closed");
        assertThat(api.get("/metrics").body()).contains("slipway_pitr_up{app=\"ledger\"} 0.0");
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
        assertRefused(api.post("/api/v1/apps/shop/restore", "{\"stopApp\": 1}"), 400, "stopApp");
        assertRefused(api.get("/api/v1/apps/shop/pitr"), 400, "has no backup.pitr");
        assertRefused(api.post("/api/v1/apps/shop/pitr/verify", ""), 400, "has no backup.pitr");
        assertRefused(api.get("/api/v1/apps/ledger/pitr"), 404, "no snapshot");
        assertThat(cli("backup", "verify", "shop", "--pitr")).isEqualTo(2);
    }

    private final StringWriter out = new StringWriter();

    private int cli(String... args) {
        out.getBuffer().setLength(0);
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--url", api.uri("/").toString()));
        return new picocli.CommandLine(io.slipway.cli.Slipway.class).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(new StringWriter(), true)).execute(all.toArray(String[]::new));
    }

    /** Runs {@link #running} versions: a stop ends them, a start runs them again; records both. */
    static final class VersionFleet extends AdminApiTest.NoFleet {
        final Set<String> running = new LinkedHashSet<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public List<String> versions(String app) {
            return app.equals("shop") ? List.copyOf(running) : List.of();
        }

        @Override
        public Health health(String app, String version) {
            return new Health(running.contains(version) ? Health.Kind.RUNNING : Health.Kind.STOPPED, null);
        }

        @Override
        public CompletableFuture<Void> stop(AppConfig app, String version) {
            calls.add("stop " + version);
            running.remove(version);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<Upstream> start(AppConfig app, String version) {
            calls.add("start " + version);
            running.add(version);
            return List.of();
        }
    }

    private static void execute(Path db, String... sql) throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static void assertRefused(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).get("error").asText()).contains(message);
    }
}
