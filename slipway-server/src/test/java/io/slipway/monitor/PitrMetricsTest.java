package io.slipway.monitor;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipway.backup.Replicas;
import io.slipway.config.AppConfig;
import io.slipway.config.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PitrMetricsTest {
    @TempDir
    Path dir;

    @Test
    void showsPerAppWhetherCaptureRunsItsLagAndReplicaSizeUntilClosed() throws Exception {
        AppConfig ledger = TestConfigs.withPitr("ledger", walDatabase(dir.resolve("ledger.db")),
                dir.resolve("ledger-backups"), Duration.ofMillis(100));
        AppConfig waiting = TestConfigs.withPitr("waiting", dir.resolve("missing.db"), dir.resolve("waiting-backups"),
                Duration.ofMillis(100));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Replicas replicas = Replicas.start(List.of(ledger, waiting), Map.of(), Clock.systemUTC())) {
            PitrMetrics.register(registry, replicas);

            assertThat(registry.scrape()).contains("slipway_pitr_up{app=\"ledger\"} 1.0")
                    .containsPattern("slipway_pitr_capture_lag_seconds\\{app=\"ledger\"} \\d+\\.\\d+")
                    .containsPattern("slipway_pitr_replica_bytes\\{app=\"ledger\"} [1-9]")
                    .contains("slipway_pitr_up{app=\"waiting\"} 0.0")
                    .contains("slipway_pitr_capture_lag_seconds{app=\"waiting\"} NaN")
                    .contains("slipway_pitr_replica_bytes{app=\"waiting\"} NaN");
            replicas.close();
            assertThat(registry.scrape()).contains("slipway_pitr_up{app=\"ledger\"} 0.0");
        }
    }

    private static Path walDatabase(Path file) throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY)");
        }
        return file;
    }
}
