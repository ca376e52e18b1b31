package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.config;
import static io.slipway.gateway.GatewayTesting.noProbes;
import static io.slipway.gateway.GatewayTesting.send;
import static io.slipway.gateway.GatewayTesting.slot;
import static io.slipway.gateway.GatewayTesting.table;
import static io.slipway.gateway.GatewayTesting.uri;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP/1.x framing corners: smuggling shapes, 100-continue, HTTP/1.0 clients, HEAD. */
class GatewayProtocolTest {
    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.stable();

    @Test
    void rejectsContentLengthTogetherWithTransferEncoding() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: web\r\n\r\n");

            assertThat(c.read().status()).isEqualTo(400);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void rejectsConflictingContentLengths() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");

            assertThat(c.read().status()).isEqualTo(400);
        }
    }

    @Test
    void relaysExpectContinue() {
        var r = send(HttpRequest.newBuilder(uri(fx.gateway, "/echo")).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("after continue")).build());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("after continue");
    }

    @Test
    void streamsToAnHttp10ClientAndClosesWhenItAskedTo() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET /big?bytes=100000 HTTP/1.0\r\nHost: web\r\n\r\n");
            RawClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("transfer-encoding")).isNull();
            assertThat(r.body()).hasSize(100_000);
        }
    }

    @Test
    void keepsAnHttp10KeepAliveConnectionOpen() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET / HTTP/1.0\r\nHost: web\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Response first = c.read();
            c.send("GET / HTTP/1.0\r\nHost: web\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Response second = c.read();

            assertThat(first.header("connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(second.body()).isEqualTo("blue");
        }
    }

    @Test
    void answersHeadWithoutABodyAndKeepsTheConnectionUsable() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("HEAD / HTTP/1.1\r\nHost: web\r\n\r\n");
            c.readHeadOnly();
            c.send("GET / HTTP/1.1\r\nHost: web\r\n\r\n");

            assertThat(c.read().body()).isEqualTo("blue");
        }
    }
}
