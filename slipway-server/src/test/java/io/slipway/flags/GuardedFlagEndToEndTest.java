package io.slipway.flags;

import io.slipway.api.ApiFixture;
import io.slipway.sdk.SlipwayFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole loop with the real SDK and a real API server: an app's flag-on code path fails 10 % of
 * its requests, the SDK reports it, the guard switches the flag off with its evidence in the audit,
 * and the SDK sees the flag off over its stream.
 */
class GuardedFlagEndToEndTest {
    @TempDir
    Path dir;
    ApiFixture api;
    SlipwayFlags sdk;

    @BeforeEach
    void start() {
        api = new ApiFixture(dir, List.of("production"));
        HttpResponse<String> created = api.put("/api/v1/flags/db-reads", """
                {"environments": {"production": {"enabled": true, "strategies": [{"rollout": 50}]}},
                 "guard": {"maxErrorRateIncrease": 0.01, "window": "5m"}}
                """);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        sdk = SlipwayFlags.builder().server(URI.create(api.uri("/").toString())).environment("production")
                .appName("shop").cacheDir(dir.resolve("sdk")).eventsInterval(Duration.ofMillis(200)).build();
        assertThat(sdk.awaitReady(Duration.ofSeconds(10))).isTrue();
    }

    @AfterEach
    void stop() {
        sdk.close();
        api.close();
    }

    @Test
    void aFlagWhoseOnSideFailsIsSwitchedOffAndTheSdkSeesIt() {
        for (int i = 0; i < 1000; i++) {
            io.slipway.flags.FlagContext user = io.slipway.flags.FlagContext.ofUser("user-" + i);
            boolean on = sdk.isEnabled("db-reads", user);
            sdk.recordLatency("db-reads", user, on ? 12 : 10);
            if (on && i % 10 == 0) {
                sdk.recordError("db-reads", user);
            }
        }
        FlagGuards guards = new FlagGuards(api.plane.flags(), api.plane.flagEvents(), Clock.systemUTC(), (u, d) -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> !guards.tick().isEmpty());

        FlagChange change = api.plane.flags().history("db-reads", 1).get(0);
        assertThat(change.action()).isEqualTo(FlagChange.Action.GUARD);
        assertThat(change.reason()).contains("error rate on vs off");
        await().atMost(Duration.ofSeconds(10)).until(() -> sdk.version() >= change.version());
        assertThat(sdk.evaluate("db-reads", io.slipway.flags.FlagContext.ofUser("user-2")).reason())
                .isEqualTo(io.slipway.flags.Reason.DISABLED);
    }
}
