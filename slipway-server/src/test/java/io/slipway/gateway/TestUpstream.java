package io.slipway.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real app instance for tests (JDK HttpServer on port 0). Paths: {@code /} answers its name
 * (or {@link #body} when set),
 * {@code /ready} the settable {@link #readyStatus}, {@code /echo} the request body, {@code /sha}
 * the SHA-256 and length of the request body, {@code /big?bytes=N} N streamed bytes,
 * {@code /slow} answers once {@link #release()} is called.
 */
final class TestUpstream implements AutoCloseable {
    final String name;
    final AtomicInteger readyStatus = new AtomicInteger(200);
    /** The status of {@code /} and other unnamed paths. */
    final AtomicInteger status = new AtomicInteger(200);
    /** The body of {@code /} and other unnamed paths; null: the name. */
    final AtomicReference<String> body = new AtomicReference<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger readyProbes = new AtomicInteger();
    final AtomicLong bigBytesWritten = new AtomicLong();
    final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    volatile Headers lastHeaders;
    private final CountDownLatch slow = new CountDownLatch(1);
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private TestUpstream(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static TestUpstream start(String name) {
        try {
            return new TestUpstream(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Upstream upstream() {
        return new Upstream("127.0.0.1", server.getAddress().getPort());
    }

    void release() {
        slow.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/ready")) {
                readyProbes.incrementAndGet();
                ex.getRequestBody().readAllBytes();
                reply(ex, readyStatus.get(), "ready");
                return;
            }
            requests.incrementAndGet();
            clientPorts.add(ex.getRemoteAddress().getPort());
            lastHeaders = ex.getRequestHeaders();
            switch (path) {
                case "/echo" -> echo(ex);
                case "/sha" -> sha(ex);
                case "/big" -> big(ex, Long.parseLong(ex.getRequestURI().getQuery().substring("bytes=".length())));
                case "/slow" -> {
                    awaitRelease();
                    reply(ex, 200, name);
                }
                case "/hop" -> {
                    ex.getResponseHeaders().add("Connection", "X-Hop");
                    ex.getResponseHeaders().add("X-Hop", "secret");
                    ex.getResponseHeaders().add("Keep-Alive", "timeout=5");
                    reply(ex, 200, name);
                }
                default -> {
                    ex.getRequestBody().readAllBytes();
                    String b = body.get();
                    reply(ex, status.get(), b == null ? name : b);
                }
            }
        }
    }

    private void awaitRelease() {
        try {
            slow.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void echo(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, 0);
        try (InputStream in = ex.getRequestBody(); OutputStream out = ex.getResponseBody()) {
            in.transferTo(out);
        }
    }

    private static void sha(HttpExchange ex) throws IOException {
        MessageDigest md = sha256();
        long length = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = ex.getRequestBody()) {
            for (int n; (n = in.read(buf)) > 0; length += n) {
                md.update(buf, 0, n);
            }
        }
        reply(ex, 200, HexFormat.of().formatHex(md.digest()) + " " + length);
    }

    private void big(HttpExchange ex, long bytes) throws IOException {
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            byte[] block = pattern(64 * 1024);
            for (long left = bytes; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
                bigBytesWritten.addAndGet(Math.min(block.length, left));
            }
        }
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
