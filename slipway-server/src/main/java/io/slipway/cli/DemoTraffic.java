package io.slipway.cli;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Steady client traffic through the gateway at a fixed rate (keep-alive, like a real client),
 * counting answers by the version that served them ({@code X-App-Version}) and every failure:
 * connection errors and 5xx alike.
 */
final class DemoTraffic implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("demo-traffic", true));
    private final URI target;
    private final Map<String, LongAdder> byVersion = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    /** 5xx answers by the version that gave them (an app's own errors, as opposed to dropped requests). */
    private final Map<String, LongAdder> failedBy = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong lastFailure = new AtomicLong();
    private volatile String lastFailureText = "";

    DemoTraffic(URI target) {
        this.target = target;
    }

    void start(int perSecond) {
        long periodMicros = 1_000_000L / perSecond;
        clock.scheduleAtFixedRate(this::send, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void send() {
        sent.increment();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            if (e != null || r.statusCode() >= 500) {
                failed.increment();
                if (e == null) {
                    failedBy.computeIfAbsent(r.headers().firstValue("X-App-Version").orElse("?"),
                            v -> new LongAdder()).increment();
                }
                lastFailure.incrementAndGet();
                lastFailureText = e != null ? e.toString() : "HTTP " + r.statusCode();
                return;
            }
            String version = r.headers().firstValue("X-App-Version").orElse("?");
            byVersion.computeIfAbsent(version, v -> new LongAdder()).increment();
        });
    }

    /** Answers so far by version, sorted by version. */
    Map<String, Long> served() {
        Map<String, Long> copy = new TreeMap<>();
        byVersion.forEach((v, n) -> copy.put(v, n.sum()));
        return copy;
    }

    long served(String version) {
        LongAdder n = byVersion.get(version);
        return n == null ? 0 : n.sum();
    }

    long total() {
        return byVersion.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long sent() {
        return sent.sum();
    }

    long failed() {
        return failed.sum();
    }

    /** 5xx answers that {@code version} itself gave. */
    long failedBy(String version) {
        LongAdder n = failedBy.get(version);
        return n == null ? 0 : n.sum();
    }

    String lastFailure() {
        return lastFailureText;
    }

    /** Stops sending and waits briefly for answers still on their way. */
    @Override
    public void close() {
        clock.shutdownNow();
        Waits.until(() -> total() + failed() >= sent(), Duration.ofSeconds(10));
    }
}
