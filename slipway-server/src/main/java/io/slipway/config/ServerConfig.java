package io.slipway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The control plane itself, and the one setting of the gateway process it starts ({@code gatewayIdlePoll}).
 *
 * @param listen  admin API / dashboard address
 * @param dataDir where the store, logs and process records live
 * @param store   which database holds Slipway's own state
 * @param gatewayIdlePoll how long the gateway's event loop polls for traffic before it sleeps, while
 *                        traffic comes that close together (zero: never); see {@code IdlePoll}
 */
public record ServerConfig(HostPort listen, Path dataDir, StoreConfig store, Duration gatewayIdlePoll) {
    /** Host of an admin listen address written as {@code :port}: local only unless asked. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final HostPort DEFAULT_LISTEN = new HostPort(DEFAULT_HOST, 7070);
    /** Relative to the directory of {@code slipway.yaml}. */
    public static final String DEFAULT_DATA_DIR = "./slipway-data";
    /**
     * Idle polling unless configured: with it the gateway's p99 went from 1.06x nginx's to 0.91x and its
     * throughput from 1.06x to 1.19x (docs/performance.md, session 10).
     */
    public static final Duration DEFAULT_GATEWAY_IDLE_POLL = Duration.ofNanos(50_000);
    /** The longest idle poll accepted: beyond it polling costs more CPU than a wake-up saves. */
    public static final Duration MAX_GATEWAY_IDLE_POLL = Duration.ofMillis(1);

    public ServerConfig {
        gatewayIdlePoll = gatewayIdlePoll == null ? DEFAULT_GATEWAY_IDLE_POLL : gatewayIdlePoll;
    }

    /** With the default idle polling. */
    public ServerConfig(HostPort listen, Path dataDir, StoreConfig store) {
        this(listen, dataDir, store, DEFAULT_GATEWAY_IDLE_POLL);
    }
}
