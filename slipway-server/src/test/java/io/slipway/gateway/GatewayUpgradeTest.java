package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP/1.1 Upgrade: WebSockets pass through as a byte tunnel; a refused upgrade is a plain response. */
class GatewayUpgradeTest {
    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.stable();
    private WebSocketUpstream ws;

    @BeforeEach
    void startWebSocketUpstream() {
        ws = new WebSocketUpstream();
        fx.gateway.publish(table(2, new Slot("stable", "v2", List.of(ws.upstream()), 100)));
    }

    @AfterEach
    void stopWebSocketUpstream() {
        ws.close();
    }

    @Test
    void aTunnelOutlivesTheRequestHeadTimeoutAndTheBodyLimit() throws Exception {
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web",
                GatewayTesting.limits(Duration.ofMillis(300), 1, 5, Duration.ofSeconds(5)), GatewayTesting.noProbes(),
                table(1, new Slot("stable", "v2", List.of(ws.upstream()), 100)))) {
            Client client = new Client();
            WebSocket socket = client.connect(g);
            socket.sendText("before", true).get(5, TimeUnit.SECONDS);
            assertThat(client.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: before");

            await().pollDelay(Duration.ofMillis(900)).atMost(Duration.ofSeconds(2)).until(() -> true);
            String chunk = "x".repeat(60_000);
            for (int i = 0; i < 20; i++) {
                socket.sendText(chunk, true).get(5, TimeUnit.SECONDS);
            }
            socket.sendText("after", true).get(5, TimeUnit.SECONDS);

            StringBuilder echoed = new StringBuilder();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (String part = client.texts.poll(); part != null; part = client.texts.poll()) {
                    echoed.append(part);
                }
                return echoed.toString().endsWith("echo: after");
            });
            assertThat(echoed.length()).as("1.2 MB after the head timeout, past the 1 MB body limit: a tunnel"
                    + " is not an HTTP request").isEqualTo(20 * (6 + 60_000) + "echo: after".length());
            assertThat(client.closeStatus).isNotDone();
        }
    }

    @Test
    void closesATunnelThatCarriedNothingForTheTunnelIdleTimeout() throws Exception {
        Duration idle = Duration.ofMillis(400);
        try (Gateway g = Gateway.start(GatewayTesting.RUNTIME, "web",
                GatewayTesting.config().withTunnelIdleTimeout(idle), GatewayTesting.noProbes(),
                table(1, new Slot("stable", "v2", List.of(ws.upstream()), 100)))) {
            Client client = new Client();
            WebSocket socket = client.connect(g);
            // traffic every 100 ms for three idle periods keeps it open
            long start = System.nanoTime();
            long lastSent = start;
            while (System.nanoTime() - start < 3 * idle.toNanos()) {
                lastSent = System.nanoTime(); // before the tunnel's last activity, so a safe lower bound
                socket.sendText("ping", true).get(5, TimeUnit.SECONDS);
                assertThat(client.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: ping");
                await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> true);
            }
            assertThat(client.closeStatus).isNotDone();
            assertThat(g.inFlight("v2")).isEqualTo(1);

            // then silence: both sides are closed and the tunnel no longer counts as in flight
            await().atMost(Duration.ofSeconds(5)).until(() -> client.closeStatus.isDone() && ws.closed.get() == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - lastSent)).isGreaterThanOrEqualTo(idle);
            await().atMost(Duration.ofSeconds(5)).until(() -> g.inFlight("v2") == 0);
        }
    }

    @Test
    void echoesWebSocketTextFramesThroughTheGatewayAndPropagatesTheClientsClose() throws Exception {
        Client client = new Client();
        WebSocket socket = client.connect(fx.gateway);

        socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
        assertThat(client.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: hello");
        socket.sendText("again", true).get(5, TimeUnit.SECONDS);
        assertThat(client.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: again");
        assertThat(fx.gateway.inFlight("v2")).as("an open WebSocket is in flight").isEqualTo(1);

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "client bye").get(5, TimeUnit.SECONDS);

        assertThat(client.closeStatus).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.closed.get() == 1 && fx.gateway.inFlight("v2") == 0);
        assertThat(ws.open.get()).isEqualTo(1);
        assertThat(fx.gateway.status().versions()).filteredOn(v -> v.version().equals("v2")).singleElement()
                .satisfies(v -> assertThat(v.requests()).isEqualTo(1));
        assertThat(fx.gateway.idleUpstreamConnections()).isZero();
    }

    @Test
    void closesTheClientWhenTheUpstreamClosesTheWebSocket() throws Exception {
        Client client = new Client();
        WebSocket socket = client.connect(fx.gateway);

        socket.sendText("bye", true).get(5, TimeUnit.SECONDS);

        assertThat(client.closeStatus).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(client.closeReason).isEqualTo("server bye");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.inFlight("v2") == 0);
    }

    @Test
    void relaysARefusedUpgradeAsAPlainResponseOnAUsableConnection() throws Exception {
        fx.gateway.publish(table(3, GatewayTesting.slot("stable", "v1", 100, fx.blue)));
        fx.blue.clientPorts.clear();
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET / HTTP/1.1\r\nHost: web\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n");
            RawClient.Response refused = c.read();
            c.send("GET / HTTP/1.1\r\nHost: web\r\n\r\n");
            RawClient.Response next = c.read();

            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.body()).isEqualTo("blue");
            assertThat(next.body()).isEqualTo("blue");
        }
        assertThat(fx.blue.clientPorts).as("a fresh upstream connection, not kept for the next request").hasSize(2);
        assertThat(fx.gateway.inFlight("v1")).isZero();
    }

    @Test
    void forwardsTheUpgradeHeadersToTheUpstream() throws Exception {
        fx.gateway.publish(table(3, GatewayTesting.slot("stable", "v1", 100, fx.blue)));
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("GET / HTTP/1.1\r\nHost: web\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
        }
        var seen = fx.blue.lastHeaders;
        assertThat(seen.getFirst("Upgrade")).isEqualTo("websocket");
        assertThat(seen.getFirst("Connection")).isEqualToIgnoringCase("upgrade");
    }

    @Test
    void drainWaitsForAnOpenWebSocket() throws Exception {
        Client client = new Client();
        WebSocket socket = client.connect(fx.gateway);
        socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
        assertThat(client.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: hello");

        CompletableFuture<Void> drained = fx.gateway.drain(Duration.ofSeconds(20));
        socket.sendText("still open", true).get(5, TimeUnit.SECONDS);
        assertThat(client.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: still open");
        assertThat(drained).isNotDone();

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        assertThat(drained).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void stopsReadingTheUpstreamWhileTheClientDoesNotReadTheTunnel() throws Exception {
        try (RawUpgradeUpstream raw = new RawUpgradeUpstream()) {
            fx.gateway.publish(table(3, new Slot("stable", "v3", List.of(raw.upstream()), 100)));
            try (Socket s = new Socket("127.0.0.1", fx.gateway.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /raw HTTP/1.1\r\nHost: web\r\nConnection: Upgrade\r\nUpgrade: raw\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = s.getInputStream();
                assertThat(head(in)).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: raw");

                AtomicLong last = new AtomicLong(-1);
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20))
                        .until(() -> last.getAndSet(raw.written.get()) == last.get());
                assertThat(raw.written.get()).isLessThan(64L * 1024 * 1024);

                byte[] got = in.readNBytes(1024 * 1024);
                byte[] block = TestUpstream.pattern(64 * 1024);
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("byte %d", i).isEqualTo(block[i % block.length]);
                }
            }
            assertThat(raw.done).succeedsWithin(Duration.ofSeconds(5)).isNotEqualTo("wrote all");
            await().atMost(Duration.ofSeconds(5)).until(() -> fx.gateway.inFlight("v3") == 0);
        }
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c == -1) {
                throw new IOException("closed after: " + b);
            }
            b.append((char) c);
        }
        return b.toString();
    }

    /**
     * Answers one upgrade with 101 and then writes TestUpstream's pattern for as long as the
     * connection takes it (blocking writes: it is throttled exactly as far as the gateway reads).
     */
    private static final class RawUpgradeUpstream implements AutoCloseable {
        final AtomicLong written = new AtomicLong();
        /** How serving ended: "wrote all", or the write error once the gateway closed the tunnel. */
        final CompletableFuture<String> done = new CompletableFuture<>();
        private final ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());

        RawUpgradeUpstream() throws IOException {
            Thread t = new Thread(this::serve, "raw-upgrade-upstream");
            t.setDaemon(true);
            t.start();
        }

        Upstream upstream() {
            return new Upstream("127.0.0.1", server.getLocalPort());
        }

        private void serve() {
            try (Socket s = server.accept()) {
                head(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: raw\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] block = TestUpstream.pattern(64 * 1024);
                for (long left = 512L * 1024 * 1024; left > 0; left -= block.length) {
                    out.write(block);
                    written.addAndGet(block.length);
                }
                done.complete("wrote all");
            } catch (IOException e) {
                done.complete(e.toString());
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** The JDK's WebSocket client, collecting what it receives. */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
        volatile String closeReason;

        WebSocket connect(Gateway g) throws Exception {
            return GatewayTesting.HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + g.port() + "/ws"), this)
                    .get(5, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            texts.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeStatus.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeStatus.completeExceptionally(error);
        }
    }
}
