package io.slipway.analysis;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One app instance's {@code /metrics} for tests (JDK HttpServer on 127.0.0.1, port 0): answers the
 * exposition text last {@link #serve served} with {@link #status}, or, after {@link #hang()}, nothing
 * until closed.
 */
public final class FakeMetricsApp implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger scrapes = new AtomicInteger();
    private volatile String text = "";
    private volatile int status = 200;
    private volatile boolean hanging;

    private FakeMetricsApp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(executor);
        server.createContext("/metrics", this::handle);
        server.start();
    }

    public static FakeMetricsApp start() {
        try {
            return new FakeMetricsApp();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code /metrics} URI. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    /** Answers this exposition text from now on. */
    public FakeMetricsApp serve(String exposition) {
        this.text = exposition;
        return this;
    }

    /** Answers with this HTTP status from now on. */
    public FakeMetricsApp status(int code) {
        this.status = code;
        return this;
    }

    /** Takes requests but never answers them (until closed). */
    public void hang() {
        hanging = true;
    }

    /** Requests received. */
    public int scrapes() {
        return scrapes.get();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            scrapes.incrementAndGet();
            if (hanging) {
                awaitClose();
                return;
            }
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void awaitClose() {
        try {
            closed.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
