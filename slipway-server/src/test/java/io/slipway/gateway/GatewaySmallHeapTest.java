package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies stream, never buffer: a gateway in its own JVM with 48 MB of heap (and so at most 48 MB
 * of direct memory) carries 200 MB each way.
 */
class GatewaySmallHeapTest {
    private static final long SIZE = 200L * 1024 * 1024;
    private static final int BLOCK = 64 * 1024;

    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private TestUpstream upstream;
    private Process child;

    @BeforeEach
    void startChildGateway() throws IOException {
        upstream = TestUpstream.start("blue");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-Xmx48m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), SmallHeapGateway.class.getName(),
                String.valueOf(upstream.upstream().port()))
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(this::readOutput, "small-heap-gateway-output");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        child.destroyForcibly().waitFor();
        upstream.close();
    }

    @Test
    void streams200MegabytesEachWayThroughAGatewayWith48MegabytesOfHeap() throws Exception {
        int gatewayPort = port.get(20, java.util.concurrent.TimeUnit.SECONDS);
        String expectedSha = HexFormat.of().formatHex(expectedDigest());

        HttpResponse<String> up = GatewayTesting.HTTP.send(HttpRequest.newBuilder(uri(gatewayPort, "/sha"))
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(PatternStream::new), SIZE))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<InputStream> down = GatewayTesting.HTTP.send(
                HttpRequest.newBuilder(uri(gatewayPort, "/big?bytes=" + SIZE)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest md = TestUpstream.sha256();
        long read = 0;
        byte[] buf = new byte[BLOCK];
        try (InputStream in = down.body()) {
            for (int n; (n = in.read(buf)) > 0; read += n) {
                md.update(buf, 0, n);
            }
        }

        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo(expectedSha + " " + SIZE);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(read).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(expectedSha);
        assertThat(child.isAlive()).as("gateway process alive; output:%n%s", output).isTrue();
        assertThat(output.toString()).doesNotContain("OutOfMemoryError", "LEAK:");
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** SHA-256 of SIZE bytes of TestUpstream's repeating pattern, without holding them. */
    private static byte[] expectedDigest() {
        byte[] block = TestUpstream.pattern(BLOCK);
        MessageDigest md = TestUpstream.sha256();
        for (long i = 0; i < SIZE / BLOCK; i++) {
            md.update(block);
        }
        return md.digest();
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("gateway port=")) {
                    port.complete(Integer.parseInt(line.substring("gateway port=".length())));
                }
            }
        } catch (IOException e) {
            output.append("output read failed: ").append(e).append('\n');
        }
        port.completeExceptionally(new IllegalStateException("gateway process ended before listening:\n" + output));
    }

    /** SIZE bytes of TestUpstream's repeating pattern, generated as read. */
    private static final class PatternStream extends InputStream {
        private final byte[] block = TestUpstream.pattern(BLOCK);
        private long left = SIZE;

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            return block[(int) ((SIZE - left--) % BLOCK)] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int pos = (int) ((SIZE - left) % BLOCK);
            int n = (int) Math.min(Math.min(len, BLOCK - pos), left);
            System.arraycopy(block, pos, b, off, n);
            left -= n;
            return n;
        }
    }
}
