package io.slipway.supervisor;

import io.slipway.config.AppConfig;
import io.slipway.config.RestartPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** AppConfigs for tests: shell commands, short timeouts. */
final class TestApps {
    static final RestartPolicy FAST_RESTARTS =
            new RestartPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 5, Duration.ofSeconds(30));

    private TestApps() {
    }

    /** An app named {@code name} running {@code sh -c script}. */
    static AppConfig shell(String name, int instances, String script) {
        return shell(name, instances, script, Duration.ofSeconds(5));
    }

    static AppConfig shell(String name, int instances, String script, Duration stopTimeout) {
        return app(name, instances, List.of("sh", "-c", script), stopTimeout, FAST_RESTARTS);
    }

    static AppConfig app(String name, int instances, List<String> command, Duration stopTimeout, RestartPolicy restart) {
        return new AppConfig(name, command, Map.of("GREETING", "hello"), null, null, instances, null, null,
                Duration.ofSeconds(30), Duration.ofSeconds(5), stopTimeout, Duration.ZERO, restart);
    }
}
