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
    final FakeAppInstances instances = new FakeAppInstances();
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
        RestoreResult restored = backups.restore("shop", backup.id(), RestoreMode.BESIDE, "alice");
        assertThat(restored.rows().get("orders")).isGreaterThanOrEqualTo(before);
        assertThat(restored.rows().get("customers")).isEqualTo(2);
        assertThat(SqliteDatabase.inspect(Path.of(restored.restoredTo())).intact()).isTrue();
        assertThat(restored.safetyBackup()).as("beside: nothing replaced").isNull();
    }

    @Test
    void restoringOverTheDatabaseIsRefusedWhileTheAppRunsAndTakesASafetyBackupOtherwise() throws Exception {
        StoredBackup backup = backups.now("shop", "manual", "alice", null);
        insert(3);
        instances.running.add("v2");
        assertThatThrownBy(() -> backups.restore("shop", null, RestoreMode.IN_PLACE, "alice"))
                .isInstanceOf(BackupException.class).hasMessageContaining("shop is running (v2)")
                .hasMessageContaining("--stop-app").hasMessageContaining("--beside");
        assertThat(rows()).isEqualTo(3);
        instances.running.clear();
        clock.advance(Duration.ofSeconds(5));
        RestoreResult restored = backups.restore("shop", backup.id(), RestoreMode.IN_PLACE, "alice");
        assertThat(rows()).isZero();
        assertThat(restored.safetyBackup()).isNotNull();
        StoredBackup safety = new BackupRepository(store).find(restored.safetyBackup()).orElseThrow();
        assertThat(safety.kind()).isEqualTo("safety");
        assertThat(Backups.manifest(safety).rows()).containsEntry("orders", 3L);
    }

    @Test
    void restoringWithTheAppStoppedStopsItsRunningVersionsRestoresAndStartsThemAgain() throws Exception {
        StoredBackup backup = backups.now("shop", "manual", "alice", null);
        insert(3);
        instances.running.addAll(List.of("v1", "v2"));
        List<Long> rowsWhileStopped = new ArrayList<>();
        instances.whenStopped = () -> rowsWhileStopped.add(uncheckedRows());
        clock.advance(Duration.ofSeconds(5));
        RestoreResult restored = backups.restore("shop", backup.id(), RestoreMode.STOP_APP, "alice");
        assertThat(instances.calls).containsExactly("stop v1,v2", "start v1,v2");
        assertThat(instances.running).containsExactly("v1", "v2");
        assertThat(rowsWhileStopped).as("stopped before the swap").containsExactly(3L);
        assertThat(rows()).isZero();
        assertThat(restored.stoppedVersions()).containsExactly("v1", "v2");
        StoredBackup safety = new BackupRepository(store).find(restored.safetyBackup()).orElseThrow();
        assertThat(Backups.manifest(safety).rows()).containsEntry("orders", 3L);
    }

    @Test
    void aRestoreThatFailsWhileTheAppIsStoppedStartsItAgainOnTheDatabaseAsItWas() throws Exception {
        StoredBackup backup = backups.now("shop", "manual", "alice", null);
        insert(3);
        instances.running.add("v1");
        Path backupDir = app.backup().dir();
        instances.whenStopped = () -> blockDirectory(backupDir);
        assertThatThrownBy(() -> backups.restore("shop", backup.id(), RestoreMode.STOP_APP, "alice"))
                .isInstanceOf(BackupException.class).hasMessageContaining(backupDir.toString())
                .hasMessageContaining("shop (v1) started again on its database as it was");
        assertThat(instances.calls).containsExactly("stop v1", "start v1");
        assertThat(instances.running).containsExactly("v1");
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void aStopThatFailsStartsTheAppAgainAndRestoresNothing() throws Exception {
        StoredBackup backup = backups.now("shop", "manual", "alice", null);
        insert(2);
        instances.running.addAll(List.of("v1", "v2"));
        instances.whenStopped = () -> {
            throw new IllegalStateException("v2 did not stop within 40s");
        };
        assertThatThrownBy(() -> backups.restore("shop", backup.id(), RestoreMode.STOP_APP, "alice"))
                .hasMessageContaining("v2 did not stop within 40s").hasMessageContaining("shop (v1, v2) started again");
        assertThat(instances.calls).containsExactly("stop v1,v2", "start v1,v2");
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void aBadBackupIsRefusedBeforeTheAppIsStopped() throws Exception {
        StoredBackup backup = backups.now("shop", "manual", "alice", null);
        insert(2);
        instances.running.add("v1");
        byte[] archive = Files.readAllBytes(Path.of(backup.file()));
        archive[archive.length / 2] ^= 0x40;
        Files.write(Path.of(backup.file()), archive);
        assertThatThrownBy(() -> backups.restore("shop", backup.id(), RestoreMode.STOP_APP, "alice"))
                .isInstanceOf(BackupException.class).hasMessageContaining("chunk");
        assertThat(instances.calls).as("never stopped").isEmpty();
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void stoppingAnAppThatDoesNotRunSimplyRestores() throws Exception {
        StoredBackup backup = backups.now("shop", "manual", "alice", null);
        insert(2);
        RestoreResult restored = backups.restore("shop", backup.id(), RestoreMode.STOP_APP, "alice");
        assertThat(instances.calls).isEmpty();
        assertThat(restored.stoppedVersions()).isEmpty();
        assertThat(rows()).isZero();
    }

    @Test
    void stoppingTheAppAndRestoringBesideItAreRefusedTogether() {
        assertThatThrownBy(() -> RestoreMode.of(true, true)).isInstanceOf(BackupException.class)
                .hasMessageContaining("--stop-app").hasMessageContaining("--beside")
                .satisfies(e -> assertThat(((BackupException) e).kind()).isEqualTo(BackupException.Kind.INVALID));
        assertThat(RestoreMode.of(false, true)).isEqualTo(RestoreMode.STOP_APP);
        assertThat(RestoreMode.of(true, false)).isEqualTo(RestoreMode.BESIDE);
        assertThat(RestoreMode.of(false, false)).isEqualTo(RestoreMode.IN_PLACE);
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
                env, clock, instances);
    }

    private void assertRefused(String id, String problem) {
        Verification v = backups.verify("shop", id);
        assertThat(v.ok()).isFalse();
        assertThat(v.message()).containsIgnoringCase(problem);
        assertThatThrownBy(() -> backups.restore("shop", id, RestoreMode.IN_PLACE, "alice")).isInstanceOf(BackupException.class);
    }

    private void insert(int n) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (int i = 0; i < n; i++) {
                s.execute("INSERT INTO orders (body) VALUES ('x')");
            }
        }
    }

    /** Puts a file where the backup directory was, so that no backup can be written there. */
    private static void blockDirectory(Path backupDir) {
        try {
            Files.move(backupDir, backupDir.resolveSibling(backupDir.getFileName() + ".aside"));
            Files.createFile(backupDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long uncheckedRows() {
        try {
            return rows();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long rows() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            return s.executeQuery("SELECT count(*) FROM orders").getLong(1);
        }
    }

}
