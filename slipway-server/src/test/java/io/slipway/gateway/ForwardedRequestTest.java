package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ForwardedRequestTest {
    private final ForwardedRequest forwarded = new ForwardedRequest();

    @Test
    void removesHopByHopHeadersAndEveryHeaderNamedInConnectionValuesButNotFraming() {
        HttpRequest r = request(HttpMethod.POST, "/orders");
        r.headers().add("Connection", "close ,X-A, \tx-b ,,KEEP-ALIVE")
                .add("Connection", "Upgrade, Content-Length, X-C")
                .add("X-A", "1").add("x-b", "2").add("X-C", "3").add("Content-Length", "4").add("X-Kept", "5")
                .add("Keep-Alive", "timeout=5").add("Upgrade", "h2c").add("TE", "trailers").add("Trailer", "X-T")
                .add("Proxy-Connection", "keep-alive");

        String id = forwarded.prepare(r, "10.1.2.3", false, null);

        assertThat(encode(false)).isEqualTo("POST /orders HTTP/1.1\r\nContent-Length: 4\r\nX-Kept: 5\r\n"
                + "x-forwarded-for: 10.1.2.3\r\nx-forwarded-proto: http\r\nx-request-id: " + id + "\r\n\r\n");
        assertThat(r.headers().size()).as("the client's request object is left as it was").isEqualTo(12);
    }

    @Test
    void setsTheForwardingHeadersAndKeepsAUsableRequestIdOnly() {
        HttpRequest r = request(HttpMethod.GET, "/a?b=c");
        r.headers().add("Host", "shop.example").add("X-Forwarded-For", "198.51.100.7")
                .add("X-Forwarded-Proto", "gopher").add("X-Forwarded-Host", "spoofed").add("X-Request-Id", "req-42")
                .add("X-Slipway-Mirror", "1");

        assertThat(forwarded.prepare(r, "127.0.0.1", true, null)).isEqualTo("req-42");
        assertThat(encode(false)).isEqualTo("GET /a?b=c HTTP/1.1\r\nHost: shop.example\r\n"
                + "x-forwarded-for: 198.51.100.7, 127.0.0.1\r\nx-forwarded-proto: https\r\n"
                + "x-forwarded-host: shop.example\r\nx-request-id: req-42\r\n\r\n");

        r.headers().set("X-Request-Id", "x".repeat(201));
        assertThat(forwarded.prepare(r, "127.0.0.1", true, null)).as("too long: a new one").hasSize(32).isHexadecimal();
    }

    @Test
    void asksTheUpstreamForTheUpgradeAndMarksMirroredCopies() {
        HttpRequest r = request(HttpMethod.GET, "/ws");
        r.headers().add("Connection", "Upgrade").add("Upgrade", "websocket").add("Expect", "100-continue");
        String id = forwarded.prepare(r, "::1", false, "websocket");
        assertThat(encode(false)).isEqualTo("GET /ws HTTP/1.1\r\nExpect: 100-continue\r\nx-forwarded-for: ::1\r\n"
                + "x-forwarded-proto: http\r\nx-request-id: " + id + "\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n");

        r = request(HttpMethod.GET, "");
        r.headers().add("Expect", "100-continue");
        id = forwarded.prepare(r, "::1", false, null);
        assertThat(encode(true)).isEqualTo("GET / HTTP/1.1\r\nx-forwarded-for: ::1\r\nx-forwarded-proto: http\r\n"
                + "x-request-id: " + id + "\r\nx-slipway-mirror: 1\r\n\r\n");
    }

    private static HttpRequest request(HttpMethod method, String uri) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_0, method, uri);
    }

    private String encode(boolean mirror) {
        ByteBuf b = forwarded.encode(UnpooledByteBufAllocator.DEFAULT, mirror);
        try {
            return b.toString(StandardCharsets.US_ASCII);
        } finally {
            b.release();
        }
    }
}
