package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.get;
import static io.slipway.gateway.GatewayTesting.noProbes;
import static io.slipway.gateway.GatewayTesting.send;
import static io.slipway.gateway.GatewayTesting.slot;
import static io.slipway.gateway.GatewayTesting.sticky;
import static io.slipway.gateway.GatewayTesting.table;
import static io.slipway.gateway.GatewayTesting.uri;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.config.HealthConfig;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Stickiness through a real gateway, by each kind of key. */
class GatewayStickyTest {
    private static final HealthConfig HEALTH = noProbes();

    private static String getWithCookie(Gateway g, String cookie) {
        return send(HttpRequest.newBuilder(uri(g, "/")).header("Cookie", cookie).timeout(Duration.ofSeconds(20)).build())
                .body();
    }

    /** Blue and green upstreams behind a gateway sticky by {@code stickyBy}, closed afterwards. */
    private static void withGateway(String stickyBy, BiConsumer<Gateway, List<TestUpstream>> test) {
        try (TestUpstream blue = TestUpstream.start("blue"); TestUpstream green = TestUpstream.start("green");
             Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", sticky(stickyBy), HEALTH)) {
            test.accept(g, List.of(blue, green));
        }
    }

    private static Set<String> versionsSeen(int requests, IntFunction<String> request) {
        return IntStream.range(0, requests).mapToObj(request).collect(Collectors.toSet());
    }

    @Test
    void keepsAUserOnOneVersionByCookieAndSplitsUsers() {
        withGateway("cookie:session", (g, up) -> {
            g.publish(table(1, slot("stable", "v1", 50, up.get(0)), slot("candidate", "v2", 50, up.get(1))));

            List<Set<String>> seen = IntStream.range(0, 30).mapToObj(u -> versionsSeen(10,
                    i -> getWithCookie(g, "theme=dark; session=s" + u))).toList();

            assertThat(seen).allSatisfy(s -> assertThat(s).hasSize(1));
            assertThat(seen.stream().flatMap(Set::stream)).contains("blue", "green");
        });
    }

    @Test
    void keepsAClientIpOnOneVersion() {
        withGateway("clientIp", (g, up) -> {
            g.publish(table(1, slot("stable", "v1", 50, up.get(0)), slot("candidate", "v2", 50, up.get(1))));

            assertThat(versionsSeen(40, i -> get(g, "/").body())).hasSize(1);
        });
    }

    @Test
    void behindATrustedProxyTheClientIpComesFromXForwardedFor() {
        var config = sticky("clientIp").withTrustedProxies(List.of(io.slipway.config.Cidr.parse("127.0.0.0/8")));
        try (TestUpstream blue = TestUpstream.start("blue"); TestUpstream green = TestUpstream.start("green");
             Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", config, HEALTH)) {
            g.publish(table(1, slot("stable", "v1", 50, blue), slot("candidate", "v2", 50, green)));
            // every request comes from 127.0.0.1, the trusted balancer; the clients are behind it
            IntFunction<Set<String>> client = c -> versionsSeen(10, i -> send(HttpRequest.newBuilder(uri(g, "/"))
                    .header("X-Forwarded-For", "198.51.100.7, 203.0.113." + c + ", 127.0.0.2")
                    .timeout(Duration.ofSeconds(20)).build()).body());

            List<Set<String>> seen = IntStream.range(0, 30).mapToObj(client).toList();

            assertThat(seen).allSatisfy(s -> assertThat(s).as("one client, one version").hasSize(1));
            assertThat(seen.stream().flatMap(Set::stream)).as("clients split across versions").contains("blue", "green");
        }
    }

    @Test
    void usersOnTheCandidateStayThereAsItsWeightGrows() {
        withGateway("header:X-User-Id", (g, up) -> {
            List<String> users = IntStream.range(0, 200).mapToObj(i -> "user-" + i).toList();
            g.publish(table(1, slot("stable", "v1", 90, up.get(0)), slot("candidate", "v2", 10, up.get(1))));
            Set<String> at10 = onGreen(g, users);
            g.publish(table(2, slot("stable", "v1", 50, up.get(0)), slot("candidate", "v2", 50, up.get(1))));
            Set<String> at50 = onGreen(g, users);

            assertThat(at10).isNotEmpty();
            assertThat(at50).containsAll(at10).hasSizeGreaterThan(at10.size());
        });
    }

    private static Set<String> onGreen(Gateway g, List<String> users) {
        return users.stream().filter(u -> send(HttpRequest.newBuilder(uri(g, "/")).header("X-User-Id", u)
                .timeout(Duration.ofSeconds(20)).build()).body().equals("green")).collect(Collectors.toSet());
    }
}
