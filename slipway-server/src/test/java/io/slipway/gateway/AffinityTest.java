package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class AffinityTest {
    private static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }

    @Test
    void findsOneCookieAmongOthersUnquoted() {
        assertThat(Affinity.cookie("a=1; slipway-version=v2; b=3", "slipway-version")).isEqualTo("v2");
        assertThat(Affinity.cookie("slipway-version=v2", "slipway-version")).isEqualTo("v2");
        assertThat(Affinity.cookie("a=1;uid=\"u 7\"", "uid")).isEqualTo("u 7");
        assertThat(Affinity.cookie("a=1; uid=", "uid")).isEmpty();
    }

    @Test
    void doesNotMistakeCookiesWithTheNameAsPrefixOrSuffix() {
        assertThat(Affinity.cookie("xuid=1; uidx=2; uid", "uid")).isNull();
        assertThat(Affinity.cookie("", "uid")).isNull();
        assertThat(Affinity.cookie("a=uid=3", "uid")).isNull();
    }

    @Test
    void searchesEveryCookieHeader() {
        assertThat(Affinity.cookie(headers("Cookie", "a=1", "Cookie", "uid=u9"), "uid")).isEqualTo("u9");
        assertThat(Affinity.cookie(headers("X-Other", "uid=u9"), "uid")).isNull();
    }

    @Test
    void aPreviewHeaderWinsOverThePreviewCookie() {
        Affinity a = Affinity.of(GatewayTesting.config());

        assertThat(a.preview(headers("X-Slipway-Version", "v3", "Cookie", "slipway-version=v2"))).isEqualTo("v3");
        assertThat(a.preview(headers("x-slipway-version", "v3"))).isEqualTo("v3");
        assertThat(a.preview(headers("Cookie", "slipway-version=v2"))).isEqualTo("v2");
        assertThat(a.preview(headers("X-Slipway-Version", ""))).isNull();
        assertThat(a.preview(headers())).isNull();
    }

    @Test
    void takesTheStickyKeyFromTheConfiguredPlace() {
        HttpHeaders h = headers("X-User-Id", "u1", "Cookie", "session=s1");

        assertThat(Affinity.of(GatewayTesting.config()).stickyKey(h, "10.0.0.1")).isNull();
        assertThat(Affinity.of(GatewayTesting.sticky("clientIp")).stickyKey(h, "10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(Affinity.of(GatewayTesting.sticky("header:X-User-Id")).stickyKey(h, "10.0.0.1")).isEqualTo("u1");
        assertThat(Affinity.of(GatewayTesting.sticky("cookie:session")).stickyKey(h, "10.0.0.1")).isEqualTo("s1");
        assertThat(Affinity.of(GatewayTesting.sticky("header:X-Tenant")).stickyKey(h, "10.0.0.1")).isNull();
    }

    @Test
    void refusesAnUnknownStickyKind() {
        assertThatThrownBy(() -> Affinity.of(GatewayTesting.sticky("session")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"session\"");
    }

    @Test
    void picksASlotPerRequestWithoutAllocating() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Upstream a = new Upstream("127.0.0.1", 9001);
        Upstream b = new Upstream("127.0.0.1", 9002);
        Route route = Route.resolve(RoutingTable.of(1, List.of(new Slot("stable", "v1", List.of(a), 90),
                new Slot("candidate", "v2", List.of(a, b), 10))), u -> true, VersionStats::new);
        Affinity sticky = Affinity.of(GatewayTesting.sticky("header:X-User-Id"));
        HttpHeaders user = headers("Host", "example.com", "X-User-Id", "user-12345", "Accept", "*/*");
        HttpHeaders anonymous = headers("Host", "example.com", "Accept", "*/*");
        long tid = Thread.currentThread().getId();
        long[] allocated = new long[3]; // the first rounds load classes and compile, which allocates
        for (int round = 0; round < allocated.length; round++) {
            long before = threads.getThreadAllocatedBytes(tid);
            assertThat(pickMany(sticky, route, user, anonymous)).isPositive();
            allocated[round] = threads.getThreadAllocatedBytes(tid) - before;
        }

        assertThat(allocated[allocated.length - 1]).as("bytes allocated by 200 000 picks, per round: %s",
                java.util.Arrays.toString(allocated)).isLessThan(2_000);
    }

    private static long pickMany(Affinity sticky, Route route, HttpHeaders user, HttpHeaders anonymous) {
        long picked = 0;
        for (int i = 0; i < 100_000; i++) {
            picked += sticky.pick(route, user, "10.0.0.1").upstream.port() + sticky.pick(route, anonymous, "10.0.0.1").upstream.port();
        }
        return picked;
    }
}
