package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request shapes that could smuggle a second request past a proxy: each is answered 400, counted,
 * the connection closed, nothing reaches the upstream, and the gateway keeps serving.
 */
class GatewaySmugglingTest {
    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.stable();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: web\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: 5, 5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: abc\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: -5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: +5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: 0x5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: web\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: web\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: web\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: web\r\nTransfer-Encoding: gzip\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: web\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: web\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: web\r\nX-Folded: a\r\n b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: web\r\nX-Folded: a\r\n\tb\r\n\r\n",
        "GET / HTTP/1.1\r\n Host: web\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: web\r\nX-Pad: x\r\n Content-Length: 5\r\n\r\nhello",
        // header names that are not tokens (HeaderNames skips the check only for the gateway's own constants)
        "GET / HTTP/1.1\r\nHost: web\r\nX(Bad): 1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: web\r\nX-Request-Id\u0001: 1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: web\r\nX-Forwarded-For\"x: 1\r\n\r\n",
    })
    void rejectsWith400(String request) throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send(request + "GET /smuggled HTTP/1.1\r\nHost: web\r\n\r\n");

            assertThat(c.read().status()).isEqualTo(400);
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(fx.gateway.status().badRequest400()).isEqualTo(1);
        assertThat(fx.blue.requests).hasValue(0);
        assertThat(GatewayTesting.get(fx.gateway, "/").body()).isEqualTo("blue");
    }

    @Test
    void doesNotMistakeABodyLineStartingWithASpaceForAFoldAndScansTheNextHead() throws Exception {
        String body = "a\r\n b\r\n\tc";
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(c.read().body()).isEqualTo(body);
            c.send("GET / HTTP/1.1\r\nHost: web\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("blue");
            c.send("GET / HTTP/1.1\r\nHost: web\r\nX-Folded: a\r\n b\r\n\r\n");

            assertThat(c.read().status()).isEqualTo(400);
        }
        assertThat(fx.gateway.status().badRequest400()).isEqualTo(1);
    }
}
