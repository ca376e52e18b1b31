package io.slipway.backup;

import io.slipway.analysis.TestClock;
import io.slipway.config.AppConfig;
import io.slipway.config.BackupConfig;
import io.slipway.config.DatabaseConfig;
import io.slipway.config.TestConfigs;
import io.slipway.store.BackupRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backup service on a PostgreSQL database: pg_dump archived, verified in a scratch database, restored. */
class PostgresBackupsTest {
    private static TestPostgres pg;
    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Test
    void backsUpVerifiesAndRestoresAPostgresDatabaseAfterASafetyBackup() throws Exception {
        PostgresTarget shop = pg.createDatabase("shop");
        execute(shop, "CREATE TABLE orders (id serial PRIMARY KEY, body text)", "INSERT INTO orders (body) VALUES ('a'), ('b')");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SHOP_DB_PASSWORD", shop.password());
        AppConfig app = TestConfigs.app("shop", List.of("./shop"), Map.of()).withData(
                new DatabaseConfig("postgres", null, shop.host(), shop.port(), shop.database(), shop.user(), "SHOP_DB_PASSWORD"),
                new BackupConfig(dir.resolve("backups"), null, 7, 24, 7, 4, true, null, null, true, null, null));
        TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
        try (Store store = Store.open(dir.resolve("slipway.db"), clock)) {
            BackupRepository repository = new BackupRepository(store);
            Backups backups = new Backups(repository, n -> Optional.of(app), env, clock, new FakeAppInstances());
            BackupRepository.StoredBackup backup = backups.now("shop", "manual", "alice", null);
            assertThat(Backups.manifest(backup).rows()).containsEntry("public.orders", 2L);
            assertThat(repository.verifications(backup.id())).singleElement().satisfies(v ->
                    assertThat(v.ok()).as(v.message()).isTrue());

            execute(shop, "INSERT INTO orders (body) VALUES ('c')");
            clock.advance(Duration.ofSeconds(1));
            RestoreResult restored = backups.restore("shop", backup.id(), RestoreMode.IN_PLACE, "alice");
            assertThat(count(shop)).isEqualTo(2);
            assertThat(Backups.manifest(repository.find(restored.safetyBackup()).orElseThrow()).rows())
                    .containsEntry("public.orders", 3L);
            assertThatThrownBy(() -> backups.restore("shop", backup.id(), RestoreMode.BESIDE, "alice"))
                    .hasMessageContaining("--beside is for sqlite");
        }
    }

    private static void execute(PostgresTarget target, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
             Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static long count(PostgresTarget target) throws SQLException {
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
             Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
