package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.config;
import static io.slipway.gateway.GatewayTesting.noProbes;
import static io.slipway.gateway.GatewayTesting.table;
import static io.slipway.gateway.GatewayTesting.uri;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-sent events: each event reaches the client as the upstream sends it, not when it finishes. */
class GatewayEventStreamTest {
    private final CountDownLatch moreEvents = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer upstream;
    private Gateway gateway;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.setExecutor(executor);
        upstream.createContext("/events", this::events);
        upstream.start();
        gateway = Gateway.start(GatewayTesting.RUNTIME, "web", config(), noProbes());
        gateway.publish(table(1, new Slot("stable", "v1",
                List.of(new Upstream("127.0.0.1", upstream.getAddress().getPort())), 100)));
    }

    @AfterEach
    void stop() {
        gateway.close();
        moreEvents.countDown();
        upstream.stop(0);
        executor.shutdownNow();
    }

    @Test
    void deliversTheFirstEventWhileTheUpstreamHoldsTheStreamOpen() throws Exception {
        HttpResponse<java.io.InputStream> r = GatewayTesting.HTTP.send(
                HttpRequest.newBuilder(uri(gateway, "/events")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> line(events));

            assertThat(r.headers().firstValue("Content-Type")).contains("text/event-stream");
            assertThat(first).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("data: first");
            assertThat(moreEvents.getCount()).as("upstream still holds the stream").isEqualTo(1);

            moreEvents.countDown();
            assertThat(List.of(line(events), line(events), line(events), String.valueOf(line(events))))
                    .containsExactly("", "data: second", "", "null");
        }
        assertThat(gateway.status().versions()).singleElement().satisfies(v -> {
            assertThat(v.status2xx()).isEqualTo(1);
            assertThat(v.inFlight()).isZero();
        });
    }

    private void events(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (awaitMore()) {
                out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
            }
            out.close();
        }
    }

    private boolean awaitMore() {
        try {
            return moreEvents.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String line(BufferedReader r) {
        try {
            return r.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
