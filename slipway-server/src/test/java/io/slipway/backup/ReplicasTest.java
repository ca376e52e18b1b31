package io.slipway.backup;

import io.slipway.analysis.TestClock;
import io.slipway.config.AppConfig;
import io.slipway.config.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicasTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void saysCaptureRunsAndHowLongSinceItsLastPollUntilClosed() throws Exception {
        TestClock clock = new TestClock(T0);
        // An hourly poll interval: no poll moves lastCapturedAt while the test clock advances, as when polls fail.
        AppConfig ledger = TestConfigs.withPitr("ledger", dir.resolve("ledger.db"), dir.resolve("backups"),
                Duration.ofHours(1));
        try (AppDatabase app = AppDatabase.create(ledger.database().path());
             Replicas replicas = Replicas.start(List.of(ledger), Map.of(), clock)) {
            assertThat(replicas.capture("ledger")).hasValue(new CaptureStatus(true, T0, 0L, null));
            clock.advance(Duration.ofSeconds(3));
            assertThat(replicas.capture("ledger").orElseThrow().lagMillis()).isEqualTo(3000);
            assertThat(replicas.replica("ledger").orElseThrow().snapshots()).isEqualTo(1);

            replicas.close();
            CaptureStatus closed = replicas.capture("ledger").orElseThrow();
            assertThat(closed.up()).isFalse();
            assertThat(closed.lastError()).contains("closed");
            assertThat(closed.lagMillis()).as("the recovery point keeps ageing").isEqualTo(3000);
        }
    }

    @Test
    void saysWhyCaptureDoesNotRunNamingTheDatabase() {
        Path missing = dir.resolve("missing.db");
        AppConfig waiting = TestConfigs.withPitr("waiting", missing, dir.resolve("backups"), Duration.ofMillis(100));
        AppConfig web = TestConfigs.app("web", List.of("./web"), Map.of());
        try (Replicas replicas = Replicas.start(List.of(waiting, web), Map.of(), new TestClock(T0))) {
            assertThat(replicas.apps()).containsExactly("waiting");
            CaptureStatus status = replicas.capture("waiting").orElseThrow();
            assertThat(status.up()).isFalse();
            assertThat(status.lagMillis()).isNull();
            assertThat(status.lastError()).contains(missing.toString()).contains("does not exist yet");
            assertThat(replicas.replica("waiting")).isEmpty();
            assertThat(replicas.capture("web")).isEmpty();
        }
    }

    @Test
    void saysWhyCaptureDidNotStart() throws Exception {
        Path rollback = dir.resolve("rollback.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + rollback); var s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
        }
        AppConfig app = TestConfigs.withPitr("old", rollback, dir.resolve("backups"), Duration.ofMillis(100));
        try (Replicas replicas = Replicas.start(List.of(app), Map.of(), new TestClock(T0))) {
            CaptureStatus status = replicas.capture("old").orElseThrow();
            assertThat(status.up()).isFalse();
            assertThat(status.lastError()).contains("did not start").contains("journal_mode=delete");
        }
    }
}
