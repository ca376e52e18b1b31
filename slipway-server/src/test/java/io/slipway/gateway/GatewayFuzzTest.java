package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Random and mutated request heads over raw sockets: the gateway never hangs or crashes, every
 * client connection ends, and valid requests are served afterwards.
 */
class GatewayFuzzTest {
    private static final int HEADS = 12_000;
    private static final int WORKERS = 4;
    private static final String[] METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "get",
        "G\0ET", "GET GET", "CONNECT", "TRACE", "PRI", "X".repeat(300), ""};
    private static final String[] HEADERS = {"Content-Length: 0", "Content-Length: 3", "Content-Length: -1",
        "Content-Length: 99999999999999999999", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip, chunked",
        "Connection: close", "Connection: keep-alive, Upgrade", "Upgrade: websocket", "Expect: 100-continue",
        "X-Request-Id: \u00ff\u00fe", "Host:", ": empty-name", "X-Fold: a\r\n b", "Cookie: a=b; c=d",
        "X-Forwarded-For: 1.2.3.4", "Keep-Alive: timeout=1"};

    @RegisterExtension
    final GatewayFixture fx = GatewayFixture.stable();

    @Test
    void survivesRandomAndMutatedHeadsAndLeavesNoConnectionOpen() throws Exception {
        long seed = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Random random = new Random(seed + w);
            done.add(workers.submit(() -> {
                while (sent.get() < HEADS) {
                    sendBatch(random, sent, failures);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        workers.shutdown();

        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(sent.get()).isGreaterThanOrEqualTo(HEADS);
        // the heads reached all the paths: rejected as malformed, as too large, and routed. Routed,
        // not answered: each connection ends right after its batch, and a client's end of input
        // aborts its request in flight (as nginx does), often before the upstream counted it.
        GatewayStatus status = fx.gateway.status();
        assertThat(status.badRequest400()).as("400s").isPositive();
        assertThat(status.headTooLarge431()).as("431s").isPositive();
        assertThat(status.versions()).singleElement().satisfies(v -> assertThat(v.requests()).as("routed").isPositive());
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.gateway.clientConnections() == 0);
        for (int i = 0; i < 20; i++) {
            assertThat(GatewayTesting.get(fx.gateway, "/").body()).isEqualTo("blue");
        }
        try (RawClient c = new RawClient(fx.gateway.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: web\r\nContent-Length: 2\r\n\r\nokGET / HTTP/1.1\r\nHost: web\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("ok");
            assertThat(c.read().body()).isEqualTo("blue");
        }
    }

    /** One connection: a batch of heads, then end of input; the gateway must close within 10 s. */
    private void sendBatch(Random random, AtomicInteger sent, Queue<String> failures) {
        int heads = 1 + random.nextInt(60);
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < heads; i++) {
            batch.writeBytes(head(random));
        }
        sent.addAndGet(heads);
        try (Socket s = new Socket("127.0.0.1", fx.gateway.port())) {
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(batch.toByteArray());
                s.shutdownOutput();
            } catch (SocketException e) {
                // the gateway already rejected an early head and closed: as good as the end
            }
            drain(s.getInputStream());
        } catch (IOException e) {
            if (!(e instanceof SocketException)) {
                failures.add(e + " after " + batch.toString(StandardCharsets.ISO_8859_1).substring(0,
                        Math.min(200, batch.size())));
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) != -1) {
            // responses are not checked: only that the connection ends
        }
    }

    private static byte[] head(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> randomBytes(random, random.nextInt(300));
            case 1 -> truncate(random, valid(random));
            case 2 -> hugeName(random);
            default -> mutate(random, valid(random));
        };
    }

    private static byte[] valid(Random random) {
        StringBuilder b = new StringBuilder()
                .append(METHODS[random.nextInt(METHODS.length)]).append(' ')
                .append(random.nextInt(10) == 0 ? "*" : "/p" + random.nextInt(1000) + "?q=" + random.nextInt())
                .append(random.nextInt(10) == 0 ? " HTTP/1.0" : " HTTP/1.1").append("\r\nHost: web\r\n");
        for (int i = random.nextInt(4); i > 0; i--) {
            b.append(HEADERS[random.nextInt(HEADERS.length)]).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] mutate(Random random, byte[] head) {
        byte[] specials = {0, '\r', '\n', ' ', '\t', ':', (byte) 0xff, 0x7f, '"', ','};
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            int at = random.nextInt(head.length);
            head[at] = random.nextBoolean() ? specials[random.nextInt(specials.length)] : (byte) random.nextInt(256);
        }
        return head;
    }

    private static byte[] truncate(Random random, byte[] head) {
        return Arrays.copyOf(head, random.nextInt(head.length));
    }

    private static byte[] hugeName(Random random) {
        String name = "X".repeat(1000 + random.nextInt(20_000));
        return ("GET / HTTP/1.1\r\nHost: web\r\n" + name + ": v\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
