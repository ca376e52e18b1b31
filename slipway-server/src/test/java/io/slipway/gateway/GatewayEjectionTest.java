package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.get;
import static io.slipway.gateway.GatewayTesting.slot;
import static io.slipway.gateway.GatewayTesting.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Passive ejection: an upstream answering 5xx leaves rotation for a while, then gets traffic again. */
class GatewayEjectionTest {
    private static final Duration EJECT_FOR = Duration.ofMillis(700);

    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.stable(GatewayTesting.limits(Duration.ofSeconds(10), 100, 3, EJECT_FOR));

    @Test
    void ejectsAnUpstreamAnswering500sWhileItsSlotPeerTakesAllTraffic() {
        fx.gateway.publish(table(2, slot("stable", "v1", 100, fx.blue, fx.green)));
        fx.blue.status.set(500);
        // Taken before each request: the ejection happens while the third failure is answered,
        // so re-admission can never come earlier than EJECT_FOR after this.
        long ejectedAt = System.nanoTime();
        while (fx.blue.requests.get() < 3) {
            ejectedAt = System.nanoTime();
            get(fx.gateway, "/");
        }
        assertThat(fx.gateway.status().upstreams()).filteredOn(u -> u.port() == fx.blue.upstream().port())
                .singleElement().satisfies(u -> {
                    assertThat(u.ejected()).isTrue();
                    assertThat(u.routable()).isFalse();
                });

        for (int i = 0; i < 10; i++) {
            assertThat(get(fx.gateway, "/").body()).isEqualTo("green");
        }
        assertThat(fx.blue.requests).hasValue(3);

        fx.blue.status.set(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(fx.gateway, "/").body().equals("blue"));
        assertThat(Duration.ofNanos(System.nanoTime() - ejectedAt)).isGreaterThanOrEqualTo(EJECT_FOR);
        assertThat(fx.gateway.status().upstreams()).noneMatch(GatewayStatus.UpstreamStatus::ejected);
    }

    @Test
    void ejectsAnUpstreamThatRefusesConnections() {
        fx.gateway.publish(table(2, slot("stable", "v1", 100, fx.blue, fx.green)));
        fx.green.close();
        int badGateway = 0;
        for (int i = 0; i < 6; i++) {
            badGateway += get(fx.gateway, "/").statusCode() == 502 ? 1 : 0;
        }

        assertThat(badGateway).isEqualTo(3);
        for (int i = 0; i < 10; i++) {
            assertThat(get(fx.gateway, "/").body()).isEqualTo("blue");
        }
    }

    @Test
    void neverEjectsTheLastUpstreamOfASlot() {
        // blue is the only upstream of the weighted slot: overloaded, it must not turn into 503s
        fx.blue.status.set(500);
        for (int i = 0; i < 5; i++) {
            assertThat(get(fx.gateway, "/").statusCode()).isEqualTo(500);
        }
        assertThat(fx.gateway.status().upstreams()).singleElement()
                .satisfies(u -> assertThat(u.ejected()).as("counted as ejected").isTrue());
        assertThat(fx.blue.requests).as("still served while ejected").hasValue(5);

        fx.blue.status.set(200);
        assertThat(get(fx.gateway, "/").body()).as("recovers with the instance, not after ejectFor").isEqualTo("blue");
        assertThat(fx.gateway.status().noUpstream503()).isZero();
    }

    @Test
    void keepsAnUpstreamWhose5xxAreNotConsecutive() {
        fx.blue.status.set(500);
        get(fx.gateway, "/");
        get(fx.gateway, "/");
        fx.blue.status.set(200);
        get(fx.gateway, "/");
        fx.blue.status.set(500);
        get(fx.gateway, "/");
        get(fx.gateway, "/");

        assertThat(get(fx.gateway, "/").statusCode()).isEqualTo(500);
    }
}
