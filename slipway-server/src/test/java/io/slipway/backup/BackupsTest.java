package io.slipway.backup;

import io.slipway.analysis.TestClock;
import io.slipway.config.AppConfig;
import io.slipway.config.ConfigLoader;
import io.slipway.store.BackupRepository;
import io.slipway.store.BackupRepository.StoredBackup;
import io.slipway.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Backups of a real SQLite database: taken under a writer, verified, restored, refused when bad, pruned. */
class BackupsTest {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
    final List<String> running = new ArrayList<>();
    final Map<String, String> env = new HashMap<>(Map.of("SHOP_KEY", Base64.getEncoder().encodeToString(new byte[32])));
    Store store;
    Backups backups;
    Path db;
    AppConfig app;

    @BeforeEach
    void open() throws SQLException {
        db = dir.resolve("shop.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO customers (name) VALUES ('ada'), ('grace')");
        }
        store = Store.open(dir.resolve("slipway.db"), clock);
        AppConfig app = ConfigLoader.parse("""
                server: { dataDir: data }
                apps:
                  shop:
                    command: java -jar shop.jar
                    gateway: { listen: ":8080" }
                    database: { path: shop.db }
                    backup:
                      retention: { keepLast: 2, hourly: 0, daily: 0, weekly: 0 }
                      encryption: { keyEnv: SHOP_KEY }
                """, dir, Map.of()).app("shop");
        this.app = app;
        backups = backups();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aBackupTakenUnderAWriterIsVerifiedAndRestoresEveryRowCommittedBeforeIt() throws Exception {
        StoredBackup backup;
        long before;
        try (OrderWriter writer = OrderWriter.start(db)) {
            await().until(() -> writer.committed() >= 1000);
            before = writer.committed();
            backup = backups.now("shop", "manual", "alice", "before the migration");
            await().until(() -> writer.committed() >= before + 500);
        }
        assertThat(backup.status()).isEqualTo("DONE");
        assertThat(new BackupRepository(store).verifications(backup.id())).singleElement()
                .satisfies(v -> assertThat(v.ok()).as(v.message()).isTrue());
        RestoreResult restored = backups.restore("shop", backup.id(), true, "alice");
        assertThat(restored.rows().get("orders")).isGreaterThanOrEqualTo(before);
        assertThat(restored.rows().get("customers")).isEqualTo(2);
        assertThat(SqliteDatabase.inspect(Path.of(restored.restoredTo())).intact()).isTrue();
        assertThat(restored.safetyBackup()).as("beside: nothing replaced").isNull();
    }

    @Test
    void restoringOverTheDatabaseIsRefusedWhileTheAppRunsAndTakesASafetyBackupOtherwise() throws Exception {
        StoredBackup backup = backups.now("shop", "manual", "alice", null);
        insert(3);
        running.add("v2");
        assertThatThrownBy(() -> backups.restore("shop", null, false, "alice")).isInstanceOf(BackupException.class)
                .hasMessageContaining("shop is running (v2)").hasMessageContaining("--beside");
        assertThat(rows()).isEqualTo(3);
        running.clear();
        clock.advance(Duration.ofSeconds(5));
        RestoreResult restored = backups.restore("shop", backup.id(), false, "alice");
        assertThat(rows()).isZero();
        assertThat(restored.safetyBackup()).isNotNull();
        StoredBackup safety = new BackupRepository(store).find(restored.safetyBackup()).orElseThrow();
        assertThat(safety.kind()).isEqualTo("safety");
        assertThat(Backups.manifest(safety).rows()).containsEntry("orders", 3L);
    }

    @Test
    void corruptTruncatedWrongKeyAndMissingBackupsFailVerificationAndAreNeverRestored() throws Exception {
        StoredBackup backup = backups.now("shop", "manual", "alice", null);
        insert(2);
        Path archive = Path.of(backup.file());
        byte[] good = Files.readAllBytes(archive);

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x40;
        Files.write(archive, flipped);
        assertRefused(backup.id(), "chunk");

        Files.write(archive, java.util.Arrays.copyOf(good, good.length - 20));
        assertRefused(backup.id(), "truncated");

        Files.write(archive, good);
        env.put("SHOP_KEY", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}));
        backups = backups();
        assertRefused(backup.id(), "wrong key");

        Files.delete(archive);
        assertThat(backups.verify("shop", backup.id()).message()).contains("missing");
        assertThat(rows()).as("the database was never touched").isEqualTo(2);
    }

    @Test
    void pruneKeepsWhatTheRetentionSaysAndRemovesTheRestsFiles() {
        List<StoredBackup> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            taken.add(backups.now("shop", "scheduled", "schedule", null));
            clock.advance(Duration.ofHours(1));
        }
        PruneResult dry = backups.prune("shop", true);
        assertThat(dry.pruned()).containsExactly(taken.get(0).id());
        assertThat(Files.exists(Path.of(taken.get(0).file()))).isTrue();
        PruneResult done = backups.prune("shop", false);
        assertThat(done.kept()).containsExactly(taken.get(2).id(), taken.get(1).id());
        assertThat(Files.exists(Path.of(taken.get(0).file()))).isFalse();
        assertThat(new BackupRepository(store).find(taken.get(0).id()).orElseThrow().status()).isEqualTo("PRUNED");
    }

    /** The service as the server builds it, reading keys from {@link #env} as it is now. */
    private Backups backups() {
        return new Backups(new BackupRepository(store), name -> Optional.of(app).filter(a -> a.name().equals(name)),
                env, clock, name -> List.copyOf(running));
    }

    private void assertRefused(String id, String problem) {
        Verification v = backups.verify("shop", id);
        assertThat(v.ok()).isFalse();
        assertThat(v.message()).containsIgnoringCase(problem);
        assertThatThrownBy(() -> backups.restore("shop", id, false, "alice")).isInstanceOf(BackupException.class);
    }

    private void insert(int n) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (int i = 0; i < n; i++) {
                s.execute("INSERT INTO orders (body) VALUES ('x')");
            }
        }
    }

    private long rows() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            return s.executeQuery("SELECT count(*) FROM orders").getLong(1);
        }
    }

}
