package io.slipway.config;

import java.util.Map;

/** The whole of {@code slipway.yaml}: the server and the apps it releases, by name. */
public record SlipwayConfig(ServerConfig server, Map<String, AppConfig> apps) {
    public SlipwayConfig {
        apps = Map.copyOf(apps);
    }

    public AppConfig app(String name) {
        return apps.get(name);
    }
}
