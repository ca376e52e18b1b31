package io.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;

class CidrTest {
    private static byte[] ip(String s) {
        return NetUtil.createByteArrayFromIpAddressString(s);
    }

    @Test
    void matchesAddressesInsideItsBlock() {
        Cidr net = Cidr.parse("10.20.0.0/14");
        assertThat(net.contains(ip("10.23.255.255"))).isTrue();
        assertThat(net.contains(ip("10.24.0.0"))).isFalse();
        assertThat(net.contains(ip("::ffff:10.20.0.1"))).as("an IPv4 block holds no IPv6 address").isFalse();
        assertThat(Cidr.parse("192.168.1.10").contains(ip("192.168.1.10"))).isTrue();
        assertThat(Cidr.parse("192.168.1.10").contains(ip("192.168.1.11"))).isFalse();
        assertThat(Cidr.parse("fd00::/8").contains(ip("fdab::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("10.20.1.2/14")).as("host bits ignored").isEqualTo(net);
    }

    @Test
    void refusesWhatIsNotALiteralBlock() {
        for (String bad : new String[] {"lb.example.com", "10.0.0/8", "10.0.0.0/33", "10.0.0.0/x", "", "::1/129"}) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
