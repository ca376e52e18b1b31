package io.slipway.config;

import java.nio.file.Path;

/**
 * The control plane itself.
 *
 * @param listen  admin API / dashboard address
 * @param dataDir where the store, logs and process records live
 * @param store   which database holds Slipway's own state
 */
public record ServerConfig(HostPort listen, Path dataDir, StoreConfig store) {
    /** Host of an admin listen address written as {@code :port}: local only unless asked. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final HostPort DEFAULT_LISTEN = new HostPort(DEFAULT_HOST, 7070);
    /** Relative to the directory of {@code slipway.yaml}. */
    public static final String DEFAULT_DATA_DIR = "./slipway-data";
}
