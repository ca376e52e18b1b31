package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.slot;
import static io.slipway.gateway.GatewayTesting.table;
import static io.slipway.gateway.TlsTesting.H2;
import static io.slipway.gateway.TlsTesting.request;
import static io.slipway.gateway.TlsTesting.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http2.Http2Headers;
import io.slipway.config.GatewayConfig;
import io.slipway.config.HostPort;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP/2 on the edge (h2 through TLS ALPN), proxied to HTTP/1.1 upstreams. */
class GatewayHttp2Test {
    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.stable(TlsTesting.tls(GatewayTesting.config()));

    @Test
    void negotiatesH2AndProxiesToTheHttp11UpstreamWithForwardingHeaders() {
        HttpResponse<String> r = send(H2, request(fx.gateway, "/").build());

        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("blue");
        var seen = fx.blue.lastHeaders;
        assertThat(seen.getFirst("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(seen.get("Host")).containsExactly("127.0.0.1:" + fx.gateway.port());
        assertThat(seen.getFirst("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + fx.gateway.port());
        assertThat(seen.getFirst("X-Request-Id")).isEqualTo(r.headers().firstValue("x-request-id").orElseThrow());
        assertThat(seen.keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-http2"));
    }

    @Test
    void carriesManyConcurrentStreamsOnOneConnection() {
        HttpClient client = TlsTesting.client(HttpClient.Version.HTTP_2);
        assertThat(send(client, request(fx.gateway, "/").build()).version()).isEqualTo(HttpClient.Version.HTTP_2);
        int streams = 50;

        List<CompletableFuture<HttpResponse<String>>> slow = IntStream.range(0, streams)
                .mapToObj(i -> client.sendAsync(request(fx.gateway, "/slow").build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.blue.requests.get() == 1 + streams);
        assertThat(fx.gateway.clientConnections()).isEqualTo(1);
        assertThat(fx.gateway.inFlight("v1")).isEqualTo(streams);
        fx.blue.release();

        assertThat(slow).allSatisfy(f -> assertThat(f.get(20, TimeUnit.SECONDS)).satisfies(r -> {
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(r.body()).isEqualTo("blue");
        }));
        assertThat(fx.gateway.clientConnections()).isEqualTo(1);
    }

    @Test
    void runsMoreStreamsOverTimeThanTheConcurrentLimit() {
        HttpClient client = TlsTesting.client(HttpClient.Version.HTTP_2);
        for (int i = 0; i < Http2Edge.MAX_CONCURRENT_STREAMS + 50; i++) {
            assertThat(send(client, request(fx.gateway, "/").build()).statusCode()).isEqualTo(200);
        }
        assertThat(fx.gateway.clientConnections()).isEqualTo(1);
        assertThat(fx.gateway.inFlight("v1")).isZero();
    }

    @Test
    void streamsRequestBodiesWithAndWithoutContentLengthToTheUpstream() {
        byte[] upload = new byte[4 * 1024 * 1024 + 17];
        byte[] block = TestUpstream.pattern(64 * 1024);
        for (int i = 0; i < upload.length; i++) {
            upload[i] = block[i % block.length];
        }
        String expected = HexFormat.of().formatHex(TestUpstream.sha256().digest(upload)) + " " + upload.length;

        HttpResponse<String> sized = send(H2, request(fx.gateway, "/sha")
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build());
        assertThat(fx.blue.lastHeaders.getFirst("Content-Length")).isEqualTo(String.valueOf(upload.length));
        HttpResponse<String> unsized = send(H2, request(fx.gateway, "/sha")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(upload))).build());

        assertThat(sized.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(sized.body()).isEqualTo(expected);
        assertThat(unsized.body()).isEqualTo(expected);
        assertThat(fx.blue.lastHeaders.getFirst("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(fx.blue.lastHeaders.containsKey("Content-Length")).isFalse();
    }

    @Test
    void streamsLargeResponsesFromAChunkedUpstream() {
        HttpResponse<String> r = send(H2, request(fx.gateway, "/big?bytes=3000000").build());

        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.body()).hasSize(3_000_000);
    }

    @Test
    void sendsNoConnectionSpecificHeaders() throws Exception {
        try (H2Client c = new H2Client(fx.gateway.port())) {
            H2Client.Response hop = c.send(H2Client.get("/hop"), null).get(10, TimeUnit.SECONDS);
            H2Client.Response chunked = c.send(H2Client.get("/big?bytes=100000"), null).get(10, TimeUnit.SECONDS);
            fx.gateway.publish(RoutingTable.empty());
            H2Client.Response error = c.send(H2Client.get("/"), null).get(10, TimeUnit.SECONDS);

            assertThat(List.of(hop.status(), chunked.status(), error.status())).containsExactly(200, 200, 503);
            assertThat(chunked.body()).hasSize(100_000);
            for (H2Client.Response r : List.of(hop, chunked, error)) {
                assertThat(names(r.headers())).doesNotContain("connection", "keep-alive", "transfer-encoding",
                        "upgrade", "x-hop", "x-http2-stream-id").contains("x-request-id");
            }
        }
    }

    @Test
    void relaysExpectContinue() throws Exception {
        try (H2Client c = new H2Client(fx.gateway.port())) {
            Http2Headers head = H2Client.post("/echo").add("expect", "100-continue").addInt("content-length", 5);

            H2Client.Response r = c.sendAfterContinue(head, "hello".getBytes()).get(10, TimeUnit.SECONDS);

            assertThat(r.informational()).singleElement()
                    .satisfies(h -> assertThat(h.status().toString()).isEqualTo("100"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello");
        }
    }

    @Test
    void answers431ToAHeaderListOverMaxHeaderBytesAndCountsIt() throws Exception {
        try (H2Client c = new H2Client(fx.gateway.port())) {
            H2Client.Response tooLarge = c.send(H2Client.get("/").add("x-big", "x".repeat(9000)), null)
                    .get(10, TimeUnit.SECONDS);
            H2Client.Response next = c.send(H2Client.get("/"), null).get(10, TimeUnit.SECONDS);

            assertThat(List.of(tooLarge.status(), next.status())).containsExactly(431, 200);
            assertThat(fx.gateway.status().headTooLarge431()).isEqualTo(1);
            assertThat(fx.blue.requests.get()).isEqualTo(1);
        }
    }

    @Test
    void answersGatewayErrorsPerStreamAndKeepsTheConnection() throws Exception {
        HttpClient client = TlsTesting.client(HttpClient.Version.HTTP_2);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        fx.gateway.publish(RoutingTable.empty());
        HttpResponse<String> noUpstream = send(client, request(fx.gateway, "/").build());
        fx.gateway.publish(RoutingTable.of(2, List.of(new Slot("stable", "v9",
                List.of(new Upstream("127.0.0.1", closedPort)), 100))));
        HttpResponse<String> refused = send(client, request(fx.gateway, "/").build());
        fx.gateway.publish(table(3, slot("stable", "v1", 100, fx.blue)));
        HttpResponse<String> fine = send(client, request(fx.gateway, "/").build());

        assertThat(List.of(noUpstream.statusCode(), refused.statusCode(), fine.statusCode()))
                .containsExactly(503, 502, 200);
        assertThat(noUpstream.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(refused.body()).contains("\"app\":\"web\"");
        assertThat(fx.gateway.clientConnections()).isEqualTo(1);
        assertThat(fx.gateway.status().noUpstream503()).isEqualTo(1);
    }

    @Test
    void answers504PerStream() {
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web",
                TlsTesting.tls(GatewayTesting.config(Duration.ofMillis(300))), GatewayTesting.noProbes(),
                table(1, slot("stable", "v1", 100, fx.blue)))) {
            HttpClient client = TlsTesting.client(HttpClient.Version.HTTP_2);
            HttpResponse<String> timedOut = send(client, request(g, "/slow").build());
            HttpResponse<String> next = send(client, request(g, "/").build());

            assertThat(timedOut.statusCode()).isEqualTo(504);
            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(g.clientConnections()).isEqualTo(1);
        }
    }

    /** Frame-level: JDK 17's client keeps waiting to send the rest of a body the server declined. */
    @Test
    void answers413PerStreamWithAndWithoutContentLength() throws Exception {
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web",
                TlsTesting.tls(GatewayTesting.limits(Duration.ofSeconds(10), 1, 5, Duration.ofSeconds(5))),
                GatewayTesting.noProbes(), table(1, slot("stable", "v1", 100, fx.blue)));
             H2Client c = new H2Client(g.port())) {
            byte[] tooLarge = new byte[2 * 1024 * 1024];

            H2Client.Response sized = c.send(H2Client.post("/sha").addInt("content-length", tooLarge.length), tooLarge)
                    .get(10, TimeUnit.SECONDS);
            H2Client.Response unsized = c.send(H2Client.post("/sha"), tooLarge).get(10, TimeUnit.SECONDS);
            H2Client.Response next = c.send(H2Client.get("/"), null).get(10, TimeUnit.SECONDS);

            assertThat(List.of(sized.status(), unsized.status(), next.status())).containsExactly(413, 413, 200);
            assertThat(sized.body()).contains("request body too large");
            assertThat(g.status().bodyTooLarge413()).isEqualTo(2);
            assertThat(g.clientConnections()).isEqualTo(1);
        }
    }

    @Test
    void streamsInFlightFinishOnTheirSlotWhenTheTableSwaps() throws Exception {
        HttpClient client = TlsTesting.client(HttpClient.Version.HTTP_2);
        send(client, request(fx.gateway, "/").build());
        List<CompletableFuture<HttpResponse<String>>> onBlue = IntStream.range(0, 10)
                .mapToObj(i -> client.sendAsync(request(fx.gateway, "/slow").build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.blue.requests.get() == 11);

        fx.gateway.publish(table(2, slot("stable", "v2", 100, fx.green)));
        HttpResponse<String> onGreen = send(client, request(fx.gateway, "/").build());
        assertThat(fx.gateway.inFlight("v1")).isEqualTo(10);
        fx.blue.release();

        assertThat(onGreen.body()).isEqualTo("green");
        for (CompletableFuture<HttpResponse<String>> f : onBlue) {
            assertThat(f.get(10, TimeUnit.SECONDS).body()).isEqualTo("blue");
        }
        assertThat(fx.gateway.inFlight("v1")).isZero();
        assertThat(fx.gateway.clientConnections()).isEqualTo(1);
    }

    @Test
    void aDrainSendsGoAwayAndLetsOpenStreamsFinish() throws Exception {
        try (H2Client c = new H2Client(fx.gateway.port())) {
            assertThat(c.send(H2Client.get("/"), null).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            CompletableFuture<H2Client.Response> open = c.send(H2Client.get("/slow"), null);
            await().atMost(Duration.ofSeconds(10)).until(() -> fx.gateway.inFlight("v1") == 1);

            CompletableFuture<Void> drained = fx.gateway.drain(Duration.ofSeconds(20));

            assertThat(c.goAway.get(10, TimeUnit.SECONDS)).as("last stream id: the client's streams are 3 and 5")
                    .isEqualTo(5);
            assertThat(drained).isNotDone();
            fx.blue.release();
            assertThat(open.get(10, TimeUnit.SECONDS).body()).isEqualTo("blue");
            drained.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> !c.isOpen());
        }
    }

    @Test
    void closesAConnectionIdleWithoutStreamsButNotOneWithAnOpenStream() throws Exception {
        GatewayConfig idle = TlsTesting.tls(new GatewayConfig(new HostPort("127.0.0.1", 0), Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofMillis(300), 8192));
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web", idle, GatewayTesting.noProbes(),
                table(1, slot("stable", "v1", 100, fx.blue)));
             H2Client c = new H2Client(g.port())) {
            CompletableFuture<H2Client.Response> open = c.send(H2Client.get("/slow"), null);

            await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3)).until(c::isOpen);
            fx.blue.release();
            assertThat(open.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> !c.isOpen());
            assertThat(g.clientConnections()).isZero();
        }
    }

    private static List<String> names(Http2Headers headers) {
        return headers.names().stream().map(CharSequence::toString).toList();
    }
}
