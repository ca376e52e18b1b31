package io.slipway.config;

import java.time.Duration;

/**
 * The app's gateway listener and its limits.
 *
 * @param listen          where clients connect
 * @param connectTimeout  connecting to an upstream (failure → 502)
 * @param upstreamTimeout waiting for an upstream's response head (→ 504)
 * @param idleTimeout     idle client keep-alive connections are closed after this
 * @param maxHeaderBytes  request head larger than this → 431
 */
public record GatewayConfig(
        HostPort listen,
        Duration connectTimeout,
        Duration upstreamTimeout,
        Duration idleTimeout,
        int maxHeaderBytes) {
    /** Host of a gateway listen address written as {@code :port}. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Limits an app gets when {@code gateway:} leaves a key out; {@code listen} has no default. */
    public static final GatewayConfig DEFAULTS = new GatewayConfig(
            null, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60), 16_384);
}
