package io.slipway.gateway;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyHeadersTest {

    @Test
    void removesEveryHeaderNamedInConnectionValuesButNotFraming() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Connection", "close ,X-A, \tx-b ,,KEEP-ALIVE");
        h.add("Connection", "Upgrade, Content-Length, X-C");
        h.add("X-A", "1").add("x-b", "2").add("X-C", "3").add("Content-Length", "4").add("X-Kept", "5")
                .add("Keep-Alive", "timeout=5").add("Upgrade", "h2c");

        ProxyHeaders.stripHopByHop(h);

        assertThat(h.names()).containsExactlyInAnyOrder("Content-Length", "X-Kept");
    }

    @Test
    void leavesHeadersAloneWithoutConnection() {
        HttpHeaders h = new DefaultHttpHeaders().add("X-Kept", "1").add("TE", "trailers");
        ProxyHeaders.stripHopByHop(h);
        assertThat(h.names()).containsExactly("X-Kept");
    }
}
