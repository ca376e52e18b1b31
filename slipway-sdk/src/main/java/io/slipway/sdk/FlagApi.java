package io.slipway.sdk;

import io.slipway.flags.Ruleset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's flag API as the SDK uses it: the event stream, the ruleset with its ETag, and the events
 * endpoint. Requests are asynchronous so that the caller can cancel one in flight when the client closes.
 */
final class FlagApi {
    private static final String USER_AGENT = "slipway-sdk-java";

    private final ExecutorService executor;
    private final HttpClient client;
    private final URI stream;
    private final URI ruleset;
    private final URI events;
    private final Duration requestTimeout;

    FlagApi(URI server, String environment, Duration connectTimeout, Duration requestTimeout) {
        this.executor = Executors.newCachedThreadPool(daemonThreads("slipway-sdk-http-"));
        // HTTP/1.1: an event stream is one long response, and h2c upgrades gain nothing on it.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).executor(executor).build();
        String base = server.toString().replaceAll("/+$", "") + "/api/v1/flags/";
        String query = "?environment=" + URLEncoder.encode(environment, StandardCharsets.UTF_8);
        this.stream = URI.create(base + "stream" + query);
        this.ruleset = URI.create(base + "ruleset" + query);
        this.events = URI.create(base + "events");
        this.requestTimeout = requestTimeout;
    }

    /** Asks for the event stream; the response arrives with its headers, the body is read as it comes. */
    CompletableFuture<HttpResponse<InputStream>> openStream(String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(stream).GET()
                .header("Accept", "text/event-stream").header("User-Agent", USER_AGENT);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Asks for the ruleset, conditionally when {@code knownVersion} is not null. */
    CompletableFuture<HttpResponse<String>> fetchRuleset(Long knownVersion) {
        HttpRequest.Builder request = HttpRequest.newBuilder(ruleset).GET().timeout(requestTimeout)
                .header("Accept", "application/json").header("User-Agent", USER_AGENT);
        if (knownVersion != null) {
            request.header("If-None-Match", "\"" + knownVersion + "\"");
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * The ruleset a fetch answered, or empty for 304 Not Modified.
     *
     * @throws IOException for any other status
     * @throws InvalidRulesetException when the body is not a valid ruleset
     */
    Optional<Ruleset> rulesetOf(HttpResponse<String> response) throws IOException {
        return switch (response.statusCode()) {
            case 200 -> Optional.of(Json.ruleset(response.body(), "GET " + ruleset));
            case 304 -> Optional.empty();
            default -> throw new IOException("GET " + ruleset + ": status " + response.statusCode());
        };
    }

    /** Posts one batch of events and returns the status; waits at most {@code timeout}. */
    int postEvents(byte[] json, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(events).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    URI streamUri() {
        return stream;
    }

    URI eventsUri() {
        return events;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** Stops the HTTP client's threads (JDK 17's HttpClient has no close of its own). */
    void close() {
        executor.shutdownNow();
    }

    /**
     * A failure in one line for logs: the JDK's HTTP client throws some exceptions without a message
     * (a refused connection is a bare ConnectException whose cause says "Connection refused").
     */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
