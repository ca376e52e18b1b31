package io.slipway.backup;

import io.slipway.analysis.TestClock;
import io.slipway.config.AppConfig;
import io.slipway.config.ConfigLoader;
import io.slipway.store.BackupRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Scheduled backups and verifications at their cron times, under a test clock. */
class BackupSchedulerTest {
    @TempDir
    Path dir;

    @Test
    void backsUpAtTheScheduledTimeOnceAndPrunesByTheRetention() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.db"))) {
            c.createStatement().execute("CREATE TABLE t (x)");
        }
        TestClock clock = new TestClock(Instant.parse("2026-12-06T02:00:00Z"));
        AppConfig app = ConfigLoader.parse("""
                server: { dataDir: data }
                apps:
                  shop:
                    command: ./shop
                    gateway: { listen: ":8080" }
                    database: { path: shop.db }
                    backup:
                      schedule: "0 3 * * *"
                      retention: { keepLast: 2, hourly: 0, daily: 0, weekly: 0 }
                      verify: { after: false, schedule: "30 3 * * *" }
                """, dir, Map.of()).app("shop");
        try (Store store = Store.open(dir.resolve("slipway.db"), clock)) {
            BackupRepository repository = new BackupRepository(store);
            Backups backups = new Backups(repository, n -> Optional.of(app), Map.of(), clock, new FakeAppInstances());
            BackupScheduler scheduler = new BackupScheduler(backups, repository, List.of(app), clock);
            scheduler.tick();
            clock.advance(Duration.ofMinutes(59));
            scheduler.tick();
            assertThat(repository.list("shop", 10)).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            scheduler.tick();
            scheduler.tick();
            assertThat(repository.list("shop", 10)).singleElement().satisfies(b -> {
                assertThat(b.kind()).isEqualTo("scheduled");
                assertThat(b.startedAt()).isEqualTo(Instant.parse("2026-12-06T03:00:00Z"));
            });
            clock.advance(Duration.ofMinutes(30));
            scheduler.tick();
            assertThat(repository.verifications(repository.list("shop", 1).get(0).id())).singleElement()
                    .satisfies(v -> assertThat(v.ok()).isTrue());
            for (int day = 0; day < 3; day++) {
                clock.advance(Duration.ofDays(1));
                scheduler.tick();
            }
            assertThat(repository.list("shop", 10)).extracting(BackupRepository.StoredBackup::status)
                    .containsExactly("DONE", "DONE", "PRUNED", "PRUNED");
        }
    }
}
