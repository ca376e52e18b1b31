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
}
