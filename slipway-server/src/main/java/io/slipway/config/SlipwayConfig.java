package io.slipway.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole of {@code slipway.yaml}: the server and the apps it releases, by name, in the order
 * the file declares them (so listings follow the file).
 */
public record SlipwayConfig(ServerConfig server, Map<String, AppConfig> apps) {
    public SlipwayConfig {
        apps = Collections.unmodifiableMap(new LinkedHashMap<>(apps));
    }

    public AppConfig app(String name) {
        return apps.get(name);
    }
}
