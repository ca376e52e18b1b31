package io.slipway.deploy;

import io.slipway.config.SmokeTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Plays Slipway's gateway in front of the candidate (JDK HttpServer on port 0): answers 503, as the
 * gateway does, unless the preview header names the candidate, then answers as the candidate app
 * would. Paths: {@code /health} "ok", {@code /version} JSON naming the candidate, {@code /stale}
 * JSON naming v1, {@code /trailing} JSON then garbage, {@code /html} a maintenance page,
 * {@code /broken} and {@code /long} 500 with a stack trace or a long body, {@code /echo...} the
 * request body, {@code /slow} answers once {@link #release} is counted down (at the latest on close).
 * Every request is recorded in {@link #received}.
 */
final class PreviewGateway implements AutoCloseable {
    /** What the fake gateway was sent. */
    record Received(String method, String target, Map<String, List<String>> headers, String body) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final CountDownLatch release = new CountDownLatch(1);
    private final String header;
    private final String version;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;

    PreviewGateway(String header, String version) {
        this.header = header;
        this.version = version;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestURI().toString();
        received.add(new Received(exchange.getRequestMethod(), target, Map.copyOf(exchange.getRequestHeaders()),
                body));
        String preview = exchange.getRequestHeaders().getFirst(header);
        if (!version.equals(preview)) {
            answer(exchange, 503, "no routable upstream runs preview version " + (preview == null ? "(none)"
                    : preview));
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/echo")) {
            answer(exchange, 200, body);
        } else {
            app(exchange, path);
        }
    }

    private void app(HttpExchange exchange, String path) throws IOException {
        switch (path) {
            case "/health" -> answer(exchange, 200, "ok");
            case "/version" -> answer(exchange, 200, "{\"version\":\"" + version + "\",\"replicas\":3,"
                    + "\"build\":{\"sha\":\"abc123\",\"tags\":[\"a\",\"b\"]}}");
            case "/stale" -> answer(exchange, 200, "{\"version\":\"v1\"}");
            case "/trailing" -> answer(exchange, 200, "{\"version\":\"v2\"} oops");
            case "/html" -> answer(exchange, 200, "<html><body>Maintenance</body></html>");
            case "/broken" -> answer(exchange, 500, "Internal error: db pool exhausted\n\tat Pool.get(Pool.java:42)");
            case "/long" -> answer(exchange, 500, "line one\r\nbell \u0007 \"quoted\" " + "a".repeat(500));
            case "/slow" -> {
                awaitRelease();
                answer(exchange, 200, "finally");
            }
            default -> answer(exchange, 404, "no route " + path);
        }
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
