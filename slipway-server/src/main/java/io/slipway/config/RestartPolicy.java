package io.slipway.config;

import java.time.Duration;

/**
 * How a crashed instance is restarted: backoff doubles from {@code initialBackoff} up to
 * {@code maxBackoff}; {@code crashLoopRestarts} exits within {@code crashLoopWindow} mark the
 * version failed (crash loop) and restarts stop.
 */
public record RestartPolicy(
        Duration initialBackoff,
        Duration maxBackoff,
        int crashLoopRestarts,
        Duration crashLoopWindow) {
    /** What an app gets when {@code restart:} leaves a key out. */
    public static final RestartPolicy DEFAULTS = new RestartPolicy(
            Duration.ofMillis(500), Duration.ofSeconds(30), 5, Duration.ofSeconds(60));
}
