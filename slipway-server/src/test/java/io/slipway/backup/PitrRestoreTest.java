package io.slipway.backup;

import io.slipway.analysis.TestClock;
import io.slipway.config.AppConfig;
import io.slipway.config.ConfigLoader;
import io.slipway.store.BackupRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Restoring an app's database to a point in time through the backup service, from its WAL replica. */
class PitrRestoreTest {
    @TempDir
    Path dir;

    @Test
    void restoresTheDatabaseAsItWasAtTheGivenTimeBesideIt() throws Exception {
        Path db = dir.resolve("shop.db");
        execute(db, "PRAGMA journal_mode=WAL", "CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT)");
        AppConfig app = app("pitr: { interval: 100ms }");
        try (Store store = Store.open(dir.resolve("slipway.db"), Clock.systemUTC())) {
            Backups backups = new Backups(new BackupRepository(store), n -> Optional.of(app), Map.of(),
                    Clock.systemUTC(), new FakeAppInstances());
            Instant t;
            try (WalReplica replica = WalReplica.start(db, Replicas.dir(app), Clock.systemUTC(), Duration.ofMillis(100))) {
                insert(db, 10);
                Instant written = Instant.now();
                await().until(() -> replica.status().lastCapturedAt() != null
                        && replica.status().lastCapturedAt().isAfter(written));
                t = Instant.now();
                await().until(() -> Instant.now().isAfter(t.plusMillis(1200)));
                insert(db, 5);
                Instant later = Instant.now();
                await().until(() -> replica.status().lastCapturedAt().isAfter(later));
            }
            RestoreResult restored = backups.restoreToTime("shop", t, RestoreMode.BESIDE, "alice");
            assertThat(restored.rows()).containsEntry("orders", 10L);
            assertThat(restored.backupId()).startsWith("pitr@");
            assertThat(count(db)).as("the database itself is untouched").isEqualTo(15);
        }
    }

    @Test
    void refusesToRestoreToATimeVerifyOrShowAWindowWithoutPitrConfigured() {
        AppConfig app = app("");
        try (Store store = Store.open(dir.resolve("slipway.db"), Clock.systemUTC())) {
            Backups backups = new Backups(new BackupRepository(store), n -> Optional.of(app), Map.of(),
                    Clock.systemUTC(), new FakeAppInstances());
            assertThatThrownBy(() -> backups.restoreToTime("shop", Instant.now(), RestoreMode.BESIDE, "alice"))
                    .hasMessageContaining("has no backup.pitr");
            assertThatThrownBy(() -> backups.verifyReplica("shop")).hasMessageContaining("has no backup.pitr");
            assertThatThrownBy(() -> backups.window("shop")).hasMessageContaining("has no backup.pitr");
        }
    }

    @Test
    void verifiesAHealthyReplicaAndNamesASegmentDeletedFromIt() throws Exception {
        Path db = dir.resolve("shop.db");
        execute(db, "PRAGMA journal_mode=WAL", "CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT)");
        AppConfig app = app("pitr: { interval: 100ms }");
        TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
        try (WalReplica replica = WalReplica.start(db, Replicas.dir(app), clock, Duration.ofHours(1))) {
            for (int i = 0; i < 4; i++) {
                insert(db, 3);
                clock.advance(Duration.ofSeconds(1));
                replica.captureNow();
            }
        }
        try (Store store = Store.open(dir.resolve("slipway.db"), clock)) {
            Backups backups = new Backups(new BackupRepository(store), n -> Optional.of(app), Map.of(), clock,
                    new FakeAppInstances());
            ReplicaVerification healthy = backups.verifyReplica("shop");
            assertThat(healthy.ok()).as(String.valueOf(healthy.problems())).isTrue();
            assertThat(healthy.segments()).isEqualTo(4);
            assertThat(healthy.window()).isEqualTo(backups.window("shop"));
            assertThat(healthy.window().latest()).isEqualTo(Instant.parse("2026-12-06T10:00:04Z"));

            Generation g = Generation.all(Replicas.dir(app)).get(0);
            Files.delete(g.segments().get(2L).path());
            ReplicaVerification damaged = backups.verifyReplica("shop");
            assertThat(damaged.ok()).isFalse();
            assertThat(damaged.problems()).singleElement().asString()
                    .contains("segment 2 is missing from generation " + g.name());
        }
    }

    @Test
    void restoresToATimeFromAReplicaTheServerEncryptedWithTheConfiguredKeyFile() throws Exception {
        Path db = dir.resolve("shop.db");
        execute(db, "PRAGMA journal_mode=WAL", "CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT)");
        byte[] key = new byte[ArchiveOptions.KEY_BYTES];
        Arrays.fill(key, (byte) 7);
        Files.writeString(dir.resolve("backup.key"), Base64.getEncoder().encodeToString(key) + "\n");
        AppConfig app = app("pitr: { interval: 100ms }, encryption: { keyFile: backup.key }");
        TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
        try (Replicas replicas = Replicas.start(List.of(app), Map.of(), clock)) {
            clock.advance(Duration.ofSeconds(1));
            insertInOneTransaction(db, 10);
            await().until(() -> !Generation.all(Replicas.dir(app)).get(0).segments().isEmpty());
            clock.advance(Duration.ofSeconds(1));
            insertInOneTransaction(db, 5);
        }
        try (Store store = Store.open(dir.resolve("slipway.db"), clock)) {
            Backups backups = new Backups(new BackupRepository(store), n -> Optional.of(app), Map.of(), clock,
                    new FakeAppInstances());
            RestoreResult restored = backups.restoreToTime("shop", Instant.parse("2026-12-06T10:00:01Z"),
                    RestoreMode.BESIDE, "alice");
            assertThat(restored.rows()).containsEntry("orders", 10L);
            assertThat(backups.verifyReplica("shop").ok()).isTrue();

            AppConfig withoutKey = app("pitr: { interval: 100ms }");
            Backups keyless = new Backups(new BackupRepository(store), n -> Optional.of(withoutKey), Map.of(), clock,
                    new FakeAppInstances());
            assertThat(keyless.verifyReplica("shop").problems()).isNotEmpty()
                    .allSatisfy(p -> assertThat(p).endsWith("encrypted, but no key was given"));
        }
        Generation g = Generation.all(Replicas.dir(app)).get(0);
        assertThat(Stream.concat(g.snapshots().stream(), g.segments().values().stream()))
                .allSatisfy(n -> assertThat(ReplicaFiles.header(n.path()).sealing().key().keyId())
                        .isEqualTo(FileKey.keyId(key)));
    }

    @Test
    void capturesNothingRatherThanPlaintextWhenTheConfiguredKeyCannotBeRead() throws Exception {
        Path db = dir.resolve("shop.db");
        execute(db, "PRAGMA journal_mode=WAL", "CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT)");
        AppConfig app = app("pitr: { interval: 100ms }, encryption: { keyEnv: SHOP_BACKUP_KEY }");
        try (Replicas replicas = Replicas.start(List.of(app), Map.of(), Clock.systemUTC())) {
            assertThat(Generation.all(Replicas.dir(app))).isEmpty();
            assertThat(replicas.capture("shop").orElseThrow().lastError()).contains("SHOP_BACKUP_KEY: not set");
        }
    }

    private AppConfig app(String pitr) {
        return ConfigLoader.parse("server: { dataDir: data }\napps:\n  shop:\n    command: ./shop\n    gateway: { listen: \":8080\" }\n"
                + "    database: { path: shop.db }\n    backup: { " + pitr + " }\n", dir, Map.of()).app("shop");
    }

    private static void execute(Path db, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static void insert(Path db, int n) throws SQLException {
        for (int i = 0; i < n; i++) {
            execute(db, "INSERT INTO orders (body) VALUES ('x')");
        }
    }

    private static void insertInOneTransaction(Path db, int n) throws SQLException {
        execute(db, "INSERT INTO orders (body) VALUES " + String.join(", ", Collections.nCopies(n, "('x')")));
    }

    private static long count(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            return s.executeQuery("SELECT count(*) FROM orders").getLong(1);
        }
    }
}
