package io.slipway.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.awaitility.Awaitility.await;

/**
 * A client sending GET / through the gateway at a fixed rate over keep-alive connections,
 * recording which version answered each request (in order) and every failure (errors and 5xx).
 */
final class ClientLoop implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final URI target;
    private final LongAdder sent = new LongAdder();
    private final Map<String, LongAdder> byVersion = new ConcurrentHashMap<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final List<String> versions = new CopyOnWriteArrayList<>();

    ClientLoop(int gatewayPort) {
        this(gatewayPort, "/");
    }

    ClientLoop(int gatewayPort, String path) {
        this.target = URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    ClientLoop start(int perSecond) {
        clock.scheduleAtFixedRate(this::send, 0, 1_000_000L / perSecond, TimeUnit.MICROSECONDS);
        return this;
    }

    private void send() {
        sent.increment();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            if (e != null) {
                failures.add(e.toString());
            } else if (r.statusCode() >= 500) {
                failures.add("HTTP " + r.statusCode() + " " + r.body());
            } else {
                String v = r.headers().firstValue("X-App-Version").orElse("?");
                versions.add(v);
                byVersion.computeIfAbsent(v, k -> new LongAdder()).increment();
            }
        });
    }

    long served(String version) {
        LongAdder n = byVersion.get(version);
        return n == null ? 0 : n.sum();
    }

    long completed() {
        return versions.size() + failures.size();
    }

    Map<String, Long> served() {
        Map<String, Long> m = new TreeMap<>();
        byVersion.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Waits until {@code n} more answers from {@code version} arrived. */
    void awaitServed(String version, long n) {
        long before = served(version);
        await().atMost(Duration.ofSeconds(30)).until(() -> served(version) >= before + n);
    }

    @Override
    public void close() {
        clock.shutdownNow();
        await().atMost(Duration.ofSeconds(15)).until(() -> completed() >= sent.sum());
    }
}
