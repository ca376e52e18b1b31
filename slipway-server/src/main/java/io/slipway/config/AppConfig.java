package io.slipway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One app as declared under {@code apps:}.
 *
 * @param name           the key under {@code apps:}
 * @param command        start command, already split into arguments; may contain the
 *                       placeholders {@code {version}}, {@code {port}}, {@code {artifactDir}}
 * @param env            extra environment for every instance ({@code PORT} is always set)
 * @param workingDir     working directory template (same placeholders), or null for the artifact dir
 * @param artifactDir    template of where a version's files live (placeholders allowed)
 * @param instances      processes per version, each on its own port
 * @param health         active health checks, also used to decide "ready"
 * @param gateway        the app's own listener
 * @param readyTimeout   how long a candidate may take to become ready before the deployment fails
 * @param drain          how long in-flight requests may take to finish on a slot that lost traffic
 * @param stopTimeout    SIGTERM → wait this long → SIGKILL of the process tree
 * @param scaleDownDelay how long the previous version stays warm for instant rollback
 * @param restart        restart backoff and crash-loop detection
 * @param rollout        strategy, canary steps, smoke tests, analysis, guard and metric sources
 * @param database       the app's database (what backups and migrations work on), or null
 * @param backup         how that database is backed up, or null for no backups
 */
public record AppConfig(
        String name,
        List<String> command,
        Map<String, String> env,
        String workingDir,
        String artifactDir,
        int instances,
        HealthConfig health,
        GatewayConfig gateway,
        Duration readyTimeout,
        Duration drain,
        Duration stopTimeout,
        Duration scaleDownDelay,
        RestartPolicy restart,
        RolloutConfig rollout,
        DatabaseConfig database,
        BackupConfig backup) {
    public static final int DEFAULT_INSTANCES = 1;
    public static final int MAX_INSTANCES = 64;
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofMinutes(5);

    public AppConfig {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        if (rollout == null) {
            rollout = RolloutConfig.DEFAULTS;
        }
    }

    /** An app without a database. */
    public AppConfig(String name, List<String> command, Map<String, String> env, String workingDir, String artifactDir,
                     int instances, HealthConfig health, GatewayConfig gateway, Duration readyTimeout, Duration drain,
                     Duration stopTimeout, Duration scaleDownDelay, RestartPolicy restart, RolloutConfig rollout) {
        this(name, command, env, workingDir, artifactDir, instances, health, gateway, readyTimeout, drain, stopTimeout,
                scaleDownDelay, restart, rollout, null, null);
    }

    /** An app with the default rollout: blue-green, guard on, no smoke tests. */
    public AppConfig(String name, List<String> command, Map<String, String> env, String workingDir, String artifactDir,
                     int instances, HealthConfig health, GatewayConfig gateway, Duration readyTimeout, Duration drain,
                     Duration stopTimeout, Duration scaleDownDelay, RestartPolicy restart) {
        this(name, command, env, workingDir, artifactDir, instances, health, gateway, readyTimeout, drain, stopTimeout,
                scaleDownDelay, restart, RolloutConfig.DEFAULTS);
    }

    /**
     * Where {@code version}'s files live: {@link #artifactDir} filled in, relative to {@code dataDir}
     * (the default is {@code <dataDir>/artifacts/<app>/<version>}).
     */
    public Path artifactDir(String version, Path dataDir) {
        if (artifactDir == null) {
            return dataDir.resolve("artifacts").resolve(name).resolve(version);
        }
        return dataDir.resolve(artifactDir.replace("{version}", version)).normalize();
    }

    /** The same app rolled out as {@code rollout} says. */
    public AppConfig withRollout(RolloutConfig rollout) {
        return new AppConfig(name, command, env, workingDir, artifactDir, instances, health, gateway, readyTimeout,
                drain, stopTimeout, scaleDownDelay, restart, rollout, database, backup);
    }

    /** The same app with a database and its backups. */
    public AppConfig withData(DatabaseConfig newDatabase, BackupConfig newBackup) {
        return new AppConfig(name, command, env, workingDir, artifactDir, instances, health, gateway, readyTimeout,
                drain, stopTimeout, scaleDownDelay, restart, rollout, newDatabase, newBackup);
    }
}
