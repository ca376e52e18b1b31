package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.config;
import static io.slipway.gateway.GatewayTesting.get;
import static io.slipway.gateway.GatewayTesting.noProbes;
import static io.slipway.gateway.GatewayTesting.send;
import static io.slipway.gateway.GatewayTesting.slot;
import static io.slipway.gateway.GatewayTesting.table;
import static io.slipway.gateway.GatewayTesting.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewayProxyTest {
    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.stable();

    @Test
    void proxiesGetAndPostWithBodiesBothWays() {
        HttpResponse<String> got = get(fx.gateway, "/");
        HttpResponse<String> posted = send(HttpRequest.newBuilder(uri(fx.gateway, "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("hello upstream")).build());

        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("blue");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.body()).isEqualTo("hello upstream");
        assertThat(fx.gateway.status().versions()).singleElement()
                .satisfies(v -> assertThat(v.status2xx()).isEqualTo(2));
    }

    @Test
    void addsForwardingHeadersAndGeneratesARequestId() {
        HttpResponse<String> r = get(fx.gateway, "/");

        var seen = fx.blue.lastHeaders;
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(seen.getFirst("X-Request-Id")).isEqualTo(id);
        assertThat(seen.getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.getFirst("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + fx.gateway.port());
    }

    @Test
    void keepsAnIncomingRequestIdAndAppendsToForwardedFor() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(fx.gateway, "/"))
                .header("X-Request-Id", "req-42").header("X-Forwarded-For", "10.0.0.1").build());

        assertThat(r.headers().firstValue("X-Request-Id")).contains("req-42");
        assertThat(fx.blue.lastHeaders.getFirst("X-Request-Id")).isEqualTo("req-42");
        assertThat(fx.blue.lastHeaders.getFirst("X-Forwarded-For")).isEqualTo("10.0.0.1, 127.0.0.1");
    }

    @Test
    void stripsHopByHopHeadersBothWays() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET /hop HTTP/1.1\r\nHost: web\r\nConnection: keep-alive, X-Secret\r\nX-Secret: 1\r\n"
                    + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\nUpgrade: h2c\r\n"
                    + "X-Kept: yes\r\n\r\n");
            RawClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).doesNotContainKeys("x-hop", "keep-alive");
            assertThat(r.header("connection")).isNull();
        }
        var seen = fx.blue.lastHeaders;
        assertThat(seen.getFirst("X-Kept")).isEqualTo("yes");
        for (String hop : List.of("X-Secret", "Keep-Alive", "Proxy-Connection", "TE", "Upgrade")) {
            assertThat(seen.containsKey(hop)).as(hop).isFalse();
        }
    }

    @Test
    void streamsLargeBodiesBothWays() throws Exception {
        int size = 20 * 1024 * 1024;
        HttpResponse<InputStream> down = GatewayTesting.HTTP.send(
                HttpRequest.newBuilder(uri(fx.gateway, "/big?bytes=" + size)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest md = TestUpstream.sha256();
        long read = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = down.body()) {
            for (int n; (n = in.read(buf)) > 0; read += n) {
                md.update(buf, 0, n);
            }
        }
        byte[] block = TestUpstream.pattern(64 * 1024);
        MessageDigest expected = TestUpstream.sha256();
        for (int i = 0; i < size / block.length; i++) {
            expected.update(block);
        }
        assertThat(read).isEqualTo(size);
        assertThat(md.digest()).isEqualTo(expected.digest());

        byte[] upload = new byte[size];
        for (int i = 0; i < size; i++) {
            upload[i] = block[i % block.length];
        }
        HttpResponse<String> up = send(HttpRequest.newBuilder(uri(fx.gateway, "/sha"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build());
        assertThat(up.body()).isEqualTo(HexFormat.of().formatHex(TestUpstream.sha256().digest(upload)) + " " + size);
    }

    @Test
    void stopsReadingTheUpstreamWhileTheClientDoesNotRead() throws Exception {
        long size = 512L * 1024 * 1024;
        fx.blue.bigBytesWritten.set(0);
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET /big?bytes=" + size + " HTTP/1.1\r\nHost: web\r\n\r\n");
            AtomicLong last = new AtomicLong(-1);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20))
                    .until(() -> last.getAndSet(fx.blue.bigBytesWritten.get()) == last.get());

            assertThat(fx.blue.bigBytesWritten.get()).isLessThan(64L * 1024 * 1024);
        }
    }

    @Test
    void reusesUpstreamConnectionsAcrossRequests() {
        fx.blue.clientPorts.clear();
        for (int i = 0; i < 200; i++) {
            assertThat(get(fx.gateway, "/").statusCode()).isEqualTo(200);
        }
        assertThat(fx.blue.clientPorts).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void closesPooledUpstreamConnectionsAfterTheyIdled() {
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", config(), noProbes(), Duration.ofMillis(200))) {
            g.publish(table(1, slot("stable", "v1", 100, fx.blue)));
            get(g, "/");
            int idleAfterRequest = g.idleUpstreamConnections();

            assertThat(idleAfterRequest).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> g.idleUpstreamConnections() == 0);
        }
    }

    @Test
    void reportsStatusThatSerializesToJson() throws Exception {
        get(fx.gateway, "/");

        String json = new ObjectMapper().writeValueAsString(fx.gateway.status());

        assertThat(json).contains("\"app\":\"web\"", "\"generation\":1", "\"version\":\"v1\"",
                "\"requests\":1", "\"status2xx\":1", "\"p99Millis\"", "\"health\":\"HEALTHY\"");
    }

    @Test
    void answers502WhenTheUpstreamRefusesConnections() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        fx.gateway.publish(RoutingTable.of(2, List.of(new Slot("stable", "v9", List.of(new Upstream("127.0.0.1", closedPort)), 100))));

        HttpResponse<String> r = get(fx.gateway, "/");

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(r.body()).contains("\"app\":\"web\"");
        assertThat(fx.gateway.status().versions()).filteredOn(v -> v.version().equals("v9")).singleElement()
                .satisfies(v -> assertThat(v.gateway502()).isEqualTo(1));
    }

    @Test
    void answers503WhenNoWeightedSlotHasAnUpstream() {
        fx.gateway.publish(table(2, slot("stable", "v1", 0, fx.blue)));
        HttpResponse<String> zeroWeight = get(fx.gateway, "/");
        fx.gateway.publish(RoutingTable.empty());
        HttpResponse<String> empty = get(fx.gateway, "/");

        assertThat(zeroWeight.statusCode()).isEqualTo(503);
        assertThat(empty.statusCode()).isEqualTo(503);
        assertThat(empty.body()).contains("\"app\":\"web\"");
        assertThat(empty.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(fx.gateway.status().noUpstream503()).isEqualTo(2);
    }

    @Test
    void answers504WhenTheUpstreamSendsNoHeadInTime() {
        try (TestUpstream stuck = TestUpstream.start("stuck");
             Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", config(Duration.ofMillis(300)), noProbes())) {
            g.publish(table(1, slot("stable", "v1", 100, stuck)));

            HttpResponse<String> r = get(g, "/slow");

            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
            assertThat(g.status().versions()).singleElement().satisfies(v -> assertThat(v.gateway504()).isEqualTo(1));
            assertThat(g.inFlight("v1")).isZero();
        }
    }

    @Test
    void rejectsAnOversizedHeadWith431() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET / HTTP/1.1\r\nHost: web\r\nX-Big: " + "x".repeat(10_000) + "\r\n\r\n");
            RawClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(431);
            assertThat(r.header("x-request-id")).isNotBlank();
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(fx.gateway.status().headTooLarge431()).isEqualTo(1);
    }

    @Test
    void rejectsAGarbageRequestWith400() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET / HTTP/1.1\r\nHost: web\r\nBad Header Without Colon\r\n\r\n");
            RawClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(fx.gateway.status().badRequest400()).isEqualTo(1);
        assertThat(get(fx.gateway, "/").statusCode()).isEqualTo(200);
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET / HTTP/1.1\r\nHost: web\r\nX-Request-Id: one\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: web\r\nX-Request-Id: two\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET / HTTP/1.1\r\nHost: web\r\nX-Request-Id: three\r\n\r\n");
            RawClient.Response one = c.read();
            RawClient.Response two = c.read();
            RawClient.Response three = c.read();

            assertThat(List.of(one.header("x-request-id"), two.header("x-request-id"), three.header("x-request-id")))
                    .containsExactly("one", "two", "three");
            assertThat(List.of(one.body(), two.body(), three.body())).containsExactly("blue", "hello", "blue");
        }
    }

    @Test
    void closesIdleClientConnections() throws Exception {
        var cfg = new io.slipway.config.GatewayConfig(new io.slipway.config.HostPort("127.0.0.1", 0),
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(200), 8192);
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", cfg, noProbes()); RawClient c = new RawClient(g.port())) {
            g.publish(table(1, slot("stable", "v1", 100, fx.blue)));
            c.send("GET / HTTP/1.1\r\nHost: web\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("blue");

            assertThat(c.closedByPeer()).isTrue();
        }
    }
}
