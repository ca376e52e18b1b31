package io.slipway.config;

import java.time.Duration;

/**
 * Active health checks of each instance: {@code readyPath} is probed every {@code interval};
 * an instance turns healthy after {@code healthyThreshold} consecutive 2xx answers and
 * unhealthy after {@code unhealthyThreshold} consecutive failures (hysteresis).
 */
public record HealthConfig(
        String livePath,
        String readyPath,
        Duration interval,
        Duration timeout,
        int healthyThreshold,
        int unhealthyThreshold) {
    /** What an app gets when {@code health:} leaves a key out. */
    public static final HealthConfig DEFAULTS = new HealthConfig(
            "/health/live", "/health/ready", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 3);
}
