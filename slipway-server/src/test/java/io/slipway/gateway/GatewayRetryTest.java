package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.config;
import static io.slipway.gateway.GatewayTesting.get;
import static io.slipway.gateway.GatewayTesting.noProbes;
import static io.slipway.gateway.GatewayTesting.send;
import static io.slipway.gateway.GatewayTesting.uri;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Upstream connection reuse edge cases, against a byte-level upstream that misbehaves on purpose. */
class GatewayRetryTest {
    private RawUpstream upstream;
    private Gateway gateway;

    private void start(boolean connectionClose) {
        upstream = new RawUpstream(connectionClose);
        gateway = Gateway.start(GatewayTesting.RUNTIME, "web", config(Duration.ofSeconds(2)), noProbes());
        gateway.publish(RoutingTable.of(1, List.of(new Slot("stable", "v1", List.of(upstream.upstream()), 100))));
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        upstream.close();
    }

    @Test
    void retriesABodilessRequestOnceWhenAReusedConnectionClosesBeforeAnswering() {
        start(false);

        var first = get(gateway, "/");
        var second = get(gateway, "/");

        assertThat(first.body()).isEqualTo("connection 1");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("connection 2");
    }

    @Test
    void doesNotRetryARequestWhoseBodyWasSent() {
        start(false);
        get(gateway, "/");

        var post = send(HttpRequest.newBuilder(uri(gateway, "/")).POST(HttpRequest.BodyPublishers.ofString("x")).build());

        assertThat(post.statusCode()).isEqualTo(502);
    }

    @Test
    void doesNotReuseAConnectionTheUpstreamAnsweredWithConnectionClose() {
        start(true);

        List<String> bodies = List.of(get(gateway, "/").body(), get(gateway, "/").body(), get(gateway, "/").body());

        assertThat(bodies).containsExactly("connection 1", "connection 2", "connection 3");
    }

    /**
     * Answers the first request of each connection; on a second request it closes the connection
     * without answering (an idle-timeout race made deterministic). With {@code connectionClose} it
     * answers {@code Connection: close} but leaves the socket open, so reusing it would hang.
     */
    private static final class RawUpstream implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger connections = new AtomicInteger();
        private final boolean connectionClose;

        RawUpstream(boolean connectionClose) {
            this.connectionClose = connectionClose;
            try {
                server = new ServerSocket(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(this::acceptLoop, "raw-upstream");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        Upstream upstream() {
            return new Upstream("127.0.0.1", server.getLocalPort());
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int n = connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s, n), "raw-upstream-" + n);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s, int n) {
            try (s) {
                InputStream in = s.getInputStream();
                readRequest(in);
                String body = "connection " + n;
                String close = connectionClose ? "Connection: close\r\n" : "";
                s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n" + close
                        + "\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                if (connectionClose) {
                    in.read(); // hold the connection open until the peer closes it
                } else {
                    readRequest(in);
                }
            } catch (IOException e) {
                // the peer went away: nothing to serve
            }
        }

        private static void readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c == -1) {
                    throw new IOException("closed");
                }
                head.append((char) c);
            }
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
