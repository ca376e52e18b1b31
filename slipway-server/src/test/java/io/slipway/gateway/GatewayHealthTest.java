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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewayHealthTest {
    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.unpublished(fastHealth());

    @Test
    void removesAnUpstreamAfterFailedProbesAndReaddsItAfterPassingOnes() {
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue, fx.green)));
        awaitHealth(fx.green, HealthState.HEALTHY);

        fx.green.readyStatus.set(503);
        GatewayStatus.UpstreamStatus down = awaitHealth(fx.green, HealthState.UNHEALTHY);
        Set<String> whileDown = bodies(20);
        fx.green.readyStatus.set(200);
        GatewayStatus.UpstreamStatus up = awaitHealth(fx.green, HealthState.HEALTHY);

        assertThat(down.routable()).isFalse();
        assertThat(down.consecutiveFail()).isGreaterThanOrEqualTo(2);
        assertThat(whileDown).containsExactly("blue");
        assertThat(up.routable()).isTrue();
        assertThat(up.consecutiveOk()).isGreaterThanOrEqualTo(2);
        assertThat(bodies(20)).containsExactlyInAnyOrder("blue", "green");
    }

    @Test
    void answers503WhenTheOnlyUpstreamTurnsUnhealthy() {
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue)));
        fx.blue.readyStatus.set(500);
        awaitHealth(fx.blue, HealthState.UNHEALTHY);

        assertThat(get(fx.gateway, "/").statusCode()).isEqualTo(503);
    }

    @Test
    void aCandidateFirstSeenAtWeightZeroIsRoutedOnlyOnceHealthy() {
        fx.green.readyStatus.set(503);
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue), slot("candidate", "v2", 0, fx.green)));
        awaitHealth(fx.green, HealthState.UNHEALTHY);
        fx.gateway.publish(table(2, slot("stable", "v1", 0, fx.blue), slot("candidate", "v2", 100, fx.green)));
        int whileWarming = get(fx.gateway, "/").statusCode();

        fx.green.readyStatus.set(200);
        awaitHealth(fx.green, HealthState.HEALTHY);

        assertThat(whileWarming).isEqualTo(503);
        assertThat(get(fx.gateway, "/").body()).isEqualTo("green");
    }

    @Test
    void presumesAnUpstreamFirstSeenWithWeightHealthyBeforeItsFirstProbe() {
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", config(), noProbes())) {
            g.publish(table(1, slot("stable", "v1", 100, fx.blue), slot("candidate", "v2", 0, fx.green)));

            assertThat(get(g, "/").body()).isEqualTo("blue");
            assertThat(upstream(g, fx.blue).health()).isEqualTo(HealthState.HEALTHY);
            assertThat(upstream(g, fx.blue).routable()).isTrue();
            assertThat(upstream(g, fx.green).routable()).isFalse();
        }
    }

    @Test
    void stopsProbingUpstreamsThatLeftTheTable() {
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue), slot("candidate", "v2", 0, fx.green)));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.green.readyProbes.get() >= 2);

        fx.gateway.publish(table(2, slot("stable", "v1", 100, fx.blue)));
        int probesAtRemoval = fx.green.readyProbes.get();

        assertThat(fx.gateway.status().upstreams()).extracting(GatewayStatus.UpstreamStatus::port)
                .containsExactly(fx.blue.upstream().port());
        int blueProbes = fx.blue.readyProbes.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.blue.readyProbes.get() >= blueProbes + 4);
        assertThat(fx.green.readyProbes.get()).isLessThanOrEqualTo(probesAtRemoval + 1);
    }

    private Set<String> bodies(int n) {
        return IntStream.range(0, n).mapToObj(i -> get(fx.gateway, "/").body()).collect(Collectors.toSet());
    }

    private GatewayStatus.UpstreamStatus upstream(TestUpstream u) {
        return upstream(fx.gateway, u);
    }

    private static GatewayStatus.UpstreamStatus upstream(Gateway g, TestUpstream u) {
        return g.status().upstreams().stream()
                .filter(s -> s.port() == u.upstream().port()).findFirst().orElseThrow();
    }

    private GatewayStatus.UpstreamStatus awaitHealth(TestUpstream u, HealthState state) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> upstream(u), s -> s.health() == state);
    }
}
