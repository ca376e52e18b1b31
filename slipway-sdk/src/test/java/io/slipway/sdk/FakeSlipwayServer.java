package io.slipway.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.slipway.flags.Ruleset;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slipway's flag API as the SDK sees it, on 127.0.0.1 and a free port: the event stream, the ruleset
 * with ETag and 304, and the events endpoint, which records what it is sent. Each can be made to fail.
 */
final class FakeSlipwayServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    final AtomicInteger notModified = new AtomicInteger();
    final List<JsonNode> postedEvents = new CopyOnWriteArrayList<>();
    final AtomicInteger eventPosts = new AtomicInteger();
    volatile int streamStatus = 200;
    volatile int rulesetStatus = 200;
    volatile int eventsStatus = 202;
    /** When set, streams send nothing at all, not even the ruleset: a connection that went silent. */
    volatile boolean silentStreams;
    private volatile Ruleset ruleset;

    private FakeSlipwayServer(Ruleset ruleset) throws IOException {
        this.ruleset = ruleset;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/v1/flags/stream", this::stream);
        server.createContext("/api/v1/flags/ruleset", this::ruleset);
        server.createContext("/api/v1/flags/events", this::events);
        server.start();
    }

    static FakeSlipwayServer start(Ruleset ruleset) throws IOException {
        return new FakeSlipwayServer(ruleset);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Makes {@code next} the server's rules and sends it to every open stream. */
    void publish(Ruleset next) {
        ruleset = next;
        streams.forEach(s -> s.send(next));
    }

    /** Ends every open stream, as a server restart or a proxy timeout would. */
    void dropStreams() {
        streams.forEach(Stream::end);
    }

    int openStreams() {
        return streams.size();
    }

    private void stream(HttpExchange exchange) throws IOException {
        lastEventIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
        if (streamStatus != 200) {
            exchange.sendResponseHeaders(streamStatus, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        Stream stream = new Stream(exchange);
        streams.add(stream);
        if (!silentStreams) {
            stream.send(ruleset);
        }
        stream.awaitEnd();
        streams.remove(stream);
    }

    private void ruleset(HttpExchange exchange) throws IOException {
        String etag = exchange.getRequestHeaders().getFirst("If-None-Match");
        ifNoneMatch.add(String.valueOf(etag));
        Ruleset now = ruleset;
        if (rulesetStatus != 200) {
            exchange.sendResponseHeaders(rulesetStatus, -1);
        } else if (("\"" + now.version() + "\"").equals(etag)) {
            notModified.incrementAndGet();
            exchange.sendResponseHeaders(304, -1);
        } else {
            byte[] body = JSON.writeValueAsBytes(now);
            exchange.getResponseHeaders().set("ETag", "\"" + now.version() + "\"");
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private void events(HttpExchange exchange) throws IOException {
        JsonNode batch = JSON.readTree(exchange.getRequestBody().readAllBytes());
        eventPosts.incrementAndGet();
        int status = eventsStatus;
        if (status / 100 == 2) {
            postedEvents.add(batch);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        dropStreams();
        server.stop(0);
        executor.shutdownNow();
    }

    /** One open event stream. */
    private static final class Stream {
        private final HttpExchange exchange;
        private final CountDownLatch ended = new CountDownLatch(1);

        Stream(HttpExchange exchange) {
            this.exchange = exchange;
        }

        synchronized void send(Ruleset ruleset) {
            try {
                String event = "event: ruleset\nid: " + ruleset.version() + "\ndata: " + JSON.writeValueAsString(ruleset) + "\n\n";
                OutputStream out = exchange.getResponseBody();
                out.write((": keep-alive\n\n" + event).getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                end(); // the client went away; a real server forgets the stream too
            }
        }

        void end() {
            exchange.close();
            ended.countDown();
        }

        void awaitEnd() {
            try {
                ended.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
