package io.slipway.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole of {@code slipway.yaml}: the server, the apps it releases, by name, in the order
 * the file declares them (so listings follow the file), and the feature flags' settings.
 */
public record SlipwayConfig(ServerConfig server, Map<String, AppConfig> apps, FlagsConfig flags) {
    public SlipwayConfig {
        apps = Collections.unmodifiableMap(new LinkedHashMap<>(apps));
        flags = flags == null ? FlagsConfig.DEFAULTS : flags;
    }

    /** A config with the default flag settings. */
    public SlipwayConfig(ServerConfig server, Map<String, AppConfig> apps) {
        this(server, apps, FlagsConfig.DEFAULTS);
    }

    public AppConfig app(String name) {
        return apps.get(name);
    }
}
