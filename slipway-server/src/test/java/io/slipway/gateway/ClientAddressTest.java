package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.slipway.config.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static final List<Cidr> LB = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"));

    private static HttpHeaders xff(String... values) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (String v : values) {
            h.add(ProxyHeaders.X_FORWARDED_FOR, v);
        }
        return h;
    }

    @Test
    void isThePeerWithoutTrustedProxiesOrFromAnUntrustedPeer() {
        assertThat(ClientAddress.of("10.1.2.3", xff("1.2.3.4"), List.of())).isEqualTo("10.1.2.3");
        assertThat(ClientAddress.of("192.0.2.9", xff("1.2.3.4"), LB)).as("anyone can send the header").isEqualTo("192.0.2.9");
        assertThat(ClientAddress.of("10.1.2.3", xff(), LB)).isEqualTo("10.1.2.3");
    }

    @Test
    void isTheRightmostUntrustedForwardedEntry() {
        assertThat(ClientAddress.of("10.1.2.3", xff("6.6.6.6, 1.2.3.4, 10.9.9.9"), LB))
                .as("entries left of the first untrusted one could be forged").isEqualTo("1.2.3.4");
        assertThat(ClientAddress.of("10.1.2.3", xff("6.6.6.6", "1.2.3.4 , 10.0.0.1"), LB)).isEqualTo("1.2.3.4");
        assertThat(ClientAddress.of("fd00::1", xff("2001:db8::7"), LB)).isEqualTo("2001:db8::7");
        assertThat(ClientAddress.of("10.1.2.3", xff("unknown, 10.0.0.1"), LB)).as("not an address: not a proxy")
                .isEqualTo("unknown");
        assertThat(ClientAddress.of("10.1.2.3", xff("10.0.0.7, 10.0.0.1"), LB)).as("all trusted: the leftmost")
                .isEqualTo("10.0.0.7");
    }
}
