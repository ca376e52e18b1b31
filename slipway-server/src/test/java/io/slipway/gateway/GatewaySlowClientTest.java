package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slow clients: a request head must arrive within {@code requestHeadTimeout}. */
class GatewaySlowClientTest {
    private static final Duration HEAD_TIMEOUT = Duration.ofMillis(400);

    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.stable(GatewayTesting.limits(HEAD_TIMEOUT, 100, 5, Duration.ofSeconds(5)));

    @Test
    void answers408AndClosesWhenAHeadNeverCompletes() throws Exception {
        // The deadline runs from the accept, so the stopwatch starts before the connect.
        long start = System.nanoTime();
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET / HTTP/1.1\r\nHost: we");
            RawClient.Response r = c.read();

            assertThat(r.status()).isEqualTo(408);
            assertThat(c.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(HEAD_TIMEOUT, Duration.ofSeconds(5));
            assertThat(fx.blue.requests).hasValue(0);
        }
        assertThat(fx.gateway.status().headTimeout408()).isEqualTo(1);
    }

    @Test
    void answers408WhenTheNextHeadOnAKeepAliveConnectionStalls() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET / HTTP/1.1\r\nHost: web\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            c.send("GET / HTTP/1.1\r\nX-Slow: ");

            assertThat(c.read().status()).isEqualTo(408);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void leavesAnIdleKeepAliveClientAlone() throws Exception {
        try (RawClient keepAlive = new RawClient(fx.gateway.port());
             RawClient slow = new RawClient(fx.gateway.port())) {
            keepAlive.send("POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(keepAlive.read().body()).isEqualTo("hello");
            // the slow client's 408 marks that longer than the head timeout passed since
            slow.send("GET");
            assertThat(slow.read().status()).isEqualTo(408);

            keepAlive.send("GET / HTTP/1.1\r\nHost: web\r\n\r\n");
            assertThat(keepAlive.read().body()).isEqualTo("blue");
        }
    }

    @Test
    void closesAConnectionThatNeverSendsAByte() throws Exception {
        try (RawClient c = new RawClient(fx.gateway.port())) {
            assertThat(c.closedByPeer()).isTrue();
        }
    }
}
