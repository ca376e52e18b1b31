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
}
