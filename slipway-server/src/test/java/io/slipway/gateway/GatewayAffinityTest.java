package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.fastHealth;
import static io.slipway.gateway.GatewayTesting.send;
import static io.slipway.gateway.GatewayTesting.slot;
import static io.slipway.gateway.GatewayTesting.table;
import static io.slipway.gateway.GatewayTesting.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewayAffinityTest {
    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.unpublished(GatewayTesting.sticky("header:X-User-Id"), fastHealth());

    private HttpResponse<String> get(String header, String value) {
        return send(HttpRequest.newBuilder(uri(fx.gateway, "/")).header(header, value).timeout(Duration.ofSeconds(20)).build());
    }

    private void awaitRoutable(TestUpstream u) {
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.status().upstreams().stream()
                .anyMatch(s -> s.port() == u.upstream().port() && s.routable()));
    }

    @Test
    void keepsEachUserOnOneVersionWhileTrafficIsSplit() {
        fx.gateway.publish(table(1, slot("stable", "v1", 50, fx.blue), slot("candidate", "v2", 50, fx.green)));

        Map<String, Set<String>> seenByUser = IntStream.range(0, 50).mapToObj(i -> "user-" + i)
                .collect(Collectors.toMap(u -> u, u -> IntStream.range(0, 20)
                        .mapToObj(i -> get("X-User-Id", u).body()).collect(Collectors.toSet())));

        assertThat(seenByUser.values()).allSatisfy(seen -> assertThat(seen).hasSize(1));
        assertThat(seenByUser.values().stream().flatMap(Set::stream)).contains("blue", "green");
    }

    @Test
    void previewHeaderReachesASlotAtWeightZero() {
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue), slot("candidate", "v2", 0, fx.green)));
        awaitRoutable(fx.green);

        assertThat(IntStream.range(0, 10).mapToObj(i -> get("X-Slipway-Version", "v2").body())).containsOnly("green");
        assertThat(get("X-User-Id", "user-1").body()).isEqualTo("blue");
    }

    @Test
    void previewCookieReachesASlotAtWeightZero() {
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue), slot("candidate", "v2", 0, fx.green)));
        awaitRoutable(fx.green);

        assertThat(IntStream.range(0, 10).mapToObj(i -> get("Cookie", "theme=dark; slipway-version=v2").body()))
                .containsOnly("green");
    }

    @Test
    void anUnknownPreviewVersionIsAnswered503NamingIt() {
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue)));
        awaitRoutable(fx.blue);

        HttpResponse<String> r = get("X-Slipway-Version", "v9");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("preview version v9");
        assertThat(fx.blue.requests).hasValue(0);
        assertThat(fx.gateway.status().noUpstream503()).isEqualTo(1);
    }

    @Test
    void aPreviewOfAVersionWithNothingRoutableIsAnswered503() {
        fx.green.readyStatus.set(503);
        fx.gateway.publish(table(1, slot("stable", "v1", 100, fx.blue), slot("candidate", "v2", 0, fx.green)));
        awaitRoutable(fx.blue);

        HttpResponse<String> r = get("X-Slipway-Version", "v2");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("preview version v2");
        assertThat(fx.green.requests).hasValue(0);
    }
}
