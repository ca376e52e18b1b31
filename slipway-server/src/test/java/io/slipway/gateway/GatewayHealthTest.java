package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.config;
import static io.slipway.gateway.GatewayTesting.fastHealth;
import static io.slipway.gateway.GatewayTesting.get;
import static io.slipway.gateway.GatewayTesting.noProbes;
import static io.slipway.gateway.GatewayTesting.slot;
import static io.slipway.gateway.GatewayTesting.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.config.HealthConfig;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayHealthTest {
    private static GatewayRuntime rt;
    private TestUpstream blue;
    private TestUpstream green;
    private Gateway gateway;

    @BeforeAll
    static void startRuntime() {
        rt = GatewayRuntime.create(1);
    }

    @AfterAll
    static void stopRuntime() {
        rt.close();
    }

    @BeforeEach
    void startUpstreams() {
        blue = TestUpstream.start("blue");
        green = TestUpstream.start("green");
    }

    @AfterEach
    void stop() {
        gateway.close();
        blue.close();
        green.close();
    }

    private void start(HealthConfig health) {
        gateway = Gateway.start(rt, "web", config(), health);
    }

    @Test
    void removesAnUpstreamAfterFailedProbesAndReaddsItAfterPassingOnes() {
        start(fastHealth());
        gateway.publish(table(1, slot("stable", "v1", 100, blue, green)));
        awaitHealth(green, HealthState.HEALTHY);

        green.readyStatus.set(503);
        GatewayStatus.UpstreamStatus down = awaitHealth(green, HealthState.UNHEALTHY);
        Set<String> whileDown = bodies(20);
        green.readyStatus.set(200);
        GatewayStatus.UpstreamStatus up = awaitHealth(green, HealthState.HEALTHY);

        assertThat(down.routable()).isFalse();
        assertThat(down.consecutiveFail()).isGreaterThanOrEqualTo(2);
        assertThat(whileDown).containsExactly("blue");
        assertThat(up.routable()).isTrue();
        assertThat(up.consecutiveOk()).isGreaterThanOrEqualTo(2);
        assertThat(bodies(20)).containsExactlyInAnyOrder("blue", "green");
    }

    @Test
    void answers503WhenTheOnlyUpstreamTurnsUnhealthy() {
        start(fastHealth());
        gateway.publish(table(1, slot("stable", "v1", 100, blue)));
        blue.readyStatus.set(500);
        awaitHealth(blue, HealthState.UNHEALTHY);

        assertThat(get(gateway, "/").statusCode()).isEqualTo(503);
    }

    @Test
    void aCandidateFirstSeenAtWeightZeroIsRoutedOnlyOnceHealthy() {
        start(fastHealth());
        green.readyStatus.set(503);
        gateway.publish(table(1, slot("stable", "v1", 100, blue), slot("candidate", "v2", 0, green)));
        awaitHealth(green, HealthState.UNHEALTHY);
        gateway.publish(table(2, slot("stable", "v1", 0, blue), slot("candidate", "v2", 100, green)));
        int whileWarming = get(gateway, "/").statusCode();

        green.readyStatus.set(200);
        awaitHealth(green, HealthState.HEALTHY);

        assertThat(whileWarming).isEqualTo(503);
        assertThat(get(gateway, "/").body()).isEqualTo("green");
    }

    @Test
    void presumesAnUpstreamFirstSeenWithWeightReadyUntilItsFirstProbe() {
        start(noProbes());
        gateway.publish(table(1, slot("stable", "v1", 100, blue), slot("candidate", "v2", 0, green)));

        assertThat(get(gateway, "/").body()).isEqualTo("blue");
        assertThat(upstream(blue).health()).isEqualTo(HealthState.UNKNOWN);
        assertThat(upstream(blue).routable()).isTrue();
        assertThat(upstream(green).routable()).isFalse();
    }

    @Test
    void stopsProbingUpstreamsThatLeftTheTable() {
        start(fastHealth());
        gateway.publish(table(1, slot("stable", "v1", 100, blue), slot("candidate", "v2", 0, green)));
        await().atMost(Duration.ofSeconds(5)).until(() -> green.readyProbes.get() >= 2);

        gateway.publish(table(2, slot("stable", "v1", 100, blue)));
        int probesAtRemoval = green.readyProbes.get();

        assertThat(gateway.status().upstreams()).extracting(GatewayStatus.UpstreamStatus::port)
                .containsExactly(blue.upstream().port());
        int blueProbes = blue.readyProbes.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> blue.readyProbes.get() >= blueProbes + 4);
        assertThat(green.readyProbes.get()).isLessThanOrEqualTo(probesAtRemoval + 1);
    }

    private Set<String> bodies(int n) {
        return IntStream.range(0, n).mapToObj(i -> get(gateway, "/").body()).collect(Collectors.toSet());
    }

    private GatewayStatus.UpstreamStatus upstream(TestUpstream u) {
        return gateway.status().upstreams().stream()
                .filter(s -> s.port() == u.upstream().port()).findFirst().orElseThrow();
    }

    private GatewayStatus.UpstreamStatus awaitHealth(TestUpstream u, HealthState state) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> upstream(u), s -> s.health() == state);
    }
}
