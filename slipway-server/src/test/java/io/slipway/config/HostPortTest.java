package io.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void readsHostPortShortFormsAndIpv6() {
        assertThat(HostPort.parse("10.0.0.1:80", "0.0.0.0")).isEqualTo(new HostPort("10.0.0.1", 80));
        assertThat(HostPort.parse(":8080", "0.0.0.0")).isEqualTo(new HostPort("0.0.0.0", 8080));
        assertThat(HostPort.parse("8080", "127.0.0.1")).isEqualTo(new HostPort("127.0.0.1", 8080));
        assertThat(HostPort.parse("[::1]:0", "0.0.0.0")).hasToString("[::1]:0");
        assertThat(HostPort.parse("localhost:65535", "x").port()).isEqualTo(65535);
    }

    @Test
    void refusesPortsOutOfRangeAndOtherShapes() {
        assertThatThrownBy(() -> HostPort.parse(":65536", "h")).hasMessage("has a port outside 0-65535");
        for (String bad : new String[] {"", "localhost", "a:b", ":-1", "host:80:90", "a b:80"}) {
            assertThatThrownBy(() -> HostPort.parse(bad, "h")).as(bad)
                    .hasMessage("is not a listen address (e.g. 127.0.0.1:8080 or :8080)");
        }
    }
}
