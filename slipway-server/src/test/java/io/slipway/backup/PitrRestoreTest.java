package io.slipway.backup;

import io.slipway.config.AppConfig;
import io.slipway.config.ConfigLoader;
import io.slipway.store.BackupRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
                    Clock.systemUTC(), n -> List.of());
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
            RestoreResult restored = backups.restoreToTime("shop", t, true, "alice");
            assertThat(restored.rows()).containsEntry("orders", 10L);
            assertThat(restored.backupId()).startsWith("pitr@");
            assertThat(count(db)).as("the database itself is untouched").isEqualTo(15);
        }
    }

    @Test
    void refusesWithoutPitrConfigured() {
        AppConfig app = app("");
        try (Store store = Store.open(dir.resolve("slipway.db"), Clock.systemUTC())) {
            Backups backups = new Backups(new BackupRepository(store), n -> Optional.of(app), Map.of(),
                    Clock.systemUTC(), n -> List.of());
            assertThatThrownBy(() -> backups.restoreToTime("shop", Instant.now(), true, "alice"))
                    .hasMessageContaining("has no backup.pitr");
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

    private static long count(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            return s.executeQuery("SELECT count(*) FROM orders").getLong(1);
        }
    }
}
