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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayProxyTest {
    private static GatewayRuntime rt;
    private static TestUpstream blue;
    private Gateway gateway;

    @BeforeAll
    static void startAll() {
        rt = GatewayRuntime.create(1);
        blue = TestUpstream.start("blue");
    }

    @AfterAll
    static void stopAll() {
        blue.close();
        rt.close();
    }

    @BeforeEach
    void startGateway() {
        gateway = Gateway.start(rt, "web", config(), noProbes());
        gateway.publish(table(1, slot("stable", "v1", 100, blue)));
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    @Test
    void proxiesGetAndPostWithBodiesBothWays() {
        HttpResponse<String> got = get(gateway, "/");
        HttpResponse<String> posted = send(HttpRequest.newBuilder(uri(gateway, "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("hello upstream")).build());

        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("blue");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.body()).isEqualTo("hello upstream");
        assertThat(gateway.status().versions()).singleElement()
                .satisfies(v -> assertThat(v.status2xx()).isEqualTo(2));
    }

    @Test
    void addsForwardingHeadersAndGeneratesARequestId() {
        HttpResponse<String> r = get(gateway, "/");

        var seen = blue.lastHeaders;
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(seen.getFirst("X-Request-Id")).isEqualTo(id);
        assertThat(seen.getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.getFirst("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + gateway.port());
    }

    @Test
    void keepsAnIncomingRequestIdAndAppendsToForwardedFor() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(gateway, "/"))
                .header("X-Request-Id", "req-42").header("X-Forwarded-For", "10.0.0.1").build());

        assertThat(r.headers().firstValue("X-Request-Id")).contains("req-42");
        assertThat(blue.lastHeaders.getFirst("X-Request-Id")).isEqualTo("req-42");
        assertThat(blue.lastHeaders.getFirst("X-Forwarded-For")).isEqualTo("10.0.0.1, 127.0.0.1");
    }

    @Test
    void stripsHopByHopHeadersBothWays() throws Exception {
        try (RawClient c = new RawClient(gateway.port())) {
            c.send("GET /hop HTTP/1.1\r\nHost: web\r\nConnection: keep-alive, X-Secret\r\nX-Secret: 1\r\n"
                    + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\nUpgrade: h2c\r\n"
                    + "X-Kept: yes\r\n\r\n");
            RawClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).doesNotContainKeys("x-hop", "keep-alive");
            assertThat(r.header("connection")).isNull();
        }
        var seen = blue.lastHeaders;
        assertThat(seen.getFirst("X-Kept")).isEqualTo("yes");
        for (String hop : List.of("X-Secret", "Keep-Alive", "Proxy-Connection", "TE", "Upgrade")) {
            assertThat(seen.containsKey(hop)).as(hop).isFalse();
        }
    }

    @Test
    void streamsLargeBodiesBothWays() throws Exception {
        int size = 20 * 1024 * 1024;
        HttpResponse<InputStream> down = GatewayTesting.HTTP.send(
                HttpRequest.newBuilder(uri(gateway, "/big?bytes=" + size)).build(),
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
        HttpResponse<String> up = send(HttpRequest.newBuilder(uri(gateway, "/sha"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build());
        assertThat(up.body()).isEqualTo(HexFormat.of().formatHex(TestUpstream.sha256().digest(upload)) + " " + size);
    }

    @Test
    void stopsReadingTheUpstreamWhileTheClientDoesNotRead() throws Exception {
        long size = 512L * 1024 * 1024;
        blue.bigBytesWritten.set(0);
        try (RawClient c = new RawClient(gateway.port())) {
            c.send("GET /big?bytes=" + size + " HTTP/1.1\r\nHost: web\r\n\r\n");
            AtomicLong last = new AtomicLong(-1);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20))
                    .until(() -> last.getAndSet(blue.bigBytesWritten.get()) == last.get());

            assertThat(blue.bigBytesWritten.get()).isLessThan(64L * 1024 * 1024);
        }
    }

    @Test
    void reusesUpstreamConnectionsAcrossRequests() {
        blue.clientPorts.clear();
        for (int i = 0; i < 200; i++) {
            assertThat(get(gateway, "/").statusCode()).isEqualTo(200);
        }
        assertThat(blue.clientPorts).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void closesPooledUpstreamConnectionsAfterTheyIdled() {
        try (Gateway g = Gateway.start(rt, "web", config(), noProbes(), Duration.ofMillis(200))) {
            g.publish(table(1, slot("stable", "v1", 100, blue)));
            get(g, "/");
            int idleAfterRequest = g.idleUpstreamConnections();

            assertThat(idleAfterRequest).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> g.idleUpstreamConnections() == 0);
        }
    }

    @Test
    void reportsStatusThatSerializesToJson() throws Exception {
        get(gateway, "/");

        String json = new ObjectMapper().writeValueAsString(gateway.status());

        assertThat(json).contains("\"app\":\"web\"", "\"generation\":1", "\"version\":\"v1\"",
                "\"requests\":1", "\"status2xx\":1", "\"p99Millis\"", "\"health\":\"UNKNOWN\"");
    }

    @Test
    void answers502WhenTheUpstreamRefusesConnections() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        gateway.publish(RoutingTable.of(2, List.of(new Slot("stable", "v9", List.of(new Upstream("127.0.0.1", closedPort)), 100))));

        HttpResponse<String> r = get(gateway, "/");

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(r.body()).contains("\"app\":\"web\"");
        assertThat(gateway.status().versions()).filteredOn(v -> v.version().equals("v9")).singleElement()
                .satisfies(v -> assertThat(v.gateway502()).isEqualTo(1));
    }

    @Test
    void answers503WhenNoWeightedSlotHasAnUpstream() {
        gateway.publish(table(2, slot("stable", "v1", 0, blue)));
        HttpResponse<String> zeroWeight = get(gateway, "/");
        gateway.publish(RoutingTable.empty());
        HttpResponse<String> empty = get(gateway, "/");

        assertThat(zeroWeight.statusCode()).isEqualTo(503);
        assertThat(empty.statusCode()).isEqualTo(503);
        assertThat(empty.body()).contains("\"app\":\"web\"");
        assertThat(empty.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(gateway.status().noUpstream503()).isEqualTo(2);
    }

    @Test
    void answers504WhenTheUpstreamSendsNoHeadInTime() {
        try (TestUpstream stuck = TestUpstream.start("stuck");
             Gateway g = Gateway.start(rt, "web", config(Duration.ofMillis(300)), noProbes())) {
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
        try (RawClient c = new RawClient(gateway.port())) {
            c.send("GET / HTTP/1.1\r\nHost: web\r\nX-Big: " + "x".repeat(10_000) + "\r\n\r\n");
            RawClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(431);
            assertThat(r.header("x-request-id")).isNotBlank();
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(gateway.status().headTooLarge431()).isEqualTo(1);
    }

    @Test
    void rejectsAGarbageRequestWith400() throws Exception {
        try (RawClient c = new RawClient(gateway.port())) {
            c.send("GET / HTTP/1.1\r\nHost: web\r\nBad Header Without Colon\r\n\r\n");
            RawClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(gateway.status().badRequest400()).isEqualTo(1);
        assertThat(get(gateway, "/").statusCode()).isEqualTo(200);
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (RawClient c = new RawClient(gateway.port())) {
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
        try (Gateway g = Gateway.start(rt, "web", cfg, noProbes()); RawClient c = new RawClient(g.port())) {
            g.publish(table(1, slot("stable", "v1", 100, blue)));
            c.send("GET / HTTP/1.1\r\nHost: web\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("blue");

            assertThat(c.closedByPeer()).isTrue();
        }
    }
}
