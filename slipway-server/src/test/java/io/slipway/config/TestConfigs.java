package io.slipway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds configs with short timings for tests. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static AppConfig app(String name, List<String> command, Map<String, String> env) {
        return new AppConfig(name, command, env, null, null, 1,
                new HealthConfig("/health/live", "/health/ready", Duration.ofMillis(50), Duration.ofMillis(500), 1, 2),
                new GatewayConfig(new HostPort("127.0.0.1", 0), Duration.ofSeconds(1), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 16384),
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ZERO,
                new RestartPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 3, Duration.ofSeconds(30)));
    }

    public static AppConfig withReadyTimeout(AppConfig a, Duration readyTimeout) {
        return new AppConfig(a.name(), a.command(), a.env(), a.workingDir(), a.artifactDir(), a.instances(),
                a.health(), a.gateway(), readyTimeout, a.drain(), a.stopTimeout(), a.scaleDownDelay(), a.restart());
    }

    public static AppConfig withScaleDownDelay(AppConfig a, Duration delay) {
        return new AppConfig(a.name(), a.command(), a.env(), a.workingDir(), a.artifactDir(), a.instances(),
                a.health(), a.gateway(), a.readyTimeout(), a.drain(), a.stopTimeout(), delay, a.restart());
    }

    /**
     * An app with a SQLite {@code database} backed up into {@code backupDir} and captured continuously
     * (backup.pitr) every {@code captureInterval}, kept a day.
     */
    public static AppConfig withPitr(String name, Path database, Path backupDir, Duration captureInterval) {
        return app(name, List.of("./" + name), Map.of()).withData(
                new DatabaseConfig("sqlite", database, null, 0, null, null, null),
                new BackupConfig(backupDir, null, 7, 24, 7, 4, true, null, null, true, null,
                        new BackupConfig.Pitr(captureInterval, Duration.ofDays(1))));
    }

    public static SlipwayConfig config(Path dataDir, AppConfig... apps) {
        Map<String, AppConfig> byName = new java.util.LinkedHashMap<>();
        for (AppConfig a : apps) {
            byName.put(a.name(), a);
        }
        return new SlipwayConfig(new ServerConfig(new HostPort("127.0.0.1", 0), dataDir,
                new StoreConfig(StoreConfig.SQLITE, "slipway.db")), byName);
    }
}
