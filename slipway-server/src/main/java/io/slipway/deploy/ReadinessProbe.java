package io.slipway.deploy;

import io.slipway.config.HealthConfig;
import io.slipway.gateway.Upstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The control plane's own readiness checks of a candidate's instances, independent of the
 * gateway's: the gateway may be another process, and "ready" must be proven before any traffic
 * moves. Pull-based and non-blocking: {@link #check} fires at most one probe per interval per
 * instance and returns what is known so far.
 */
public final class ReadinessProbe {
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final Clock clock;
    private final Map<Upstream, Probe> probes = new ConcurrentHashMap<>();
    private final Runnable onAnswer;

    /** {@code onAnswer} runs after each probe answer, so the waiting step looks at it at once. */
    ReadinessProbe(Clock clock, Runnable onAnswer) {
        this.clock = clock;
        this.onAnswer = onAnswer;
    }

    /** What the probes of one instance have seen. */
    record Result(int consecutiveOk, String lastAnswer) {
        boolean ready(HealthConfig health) {
            return consecutiveOk >= health.healthyThreshold();
        }
    }

    Result check(Upstream upstream, HealthConfig health) {
        Probe probe = probes.computeIfAbsent(upstream, u -> new Probe());
        synchronized (probe) {
            Instant now = clock.instant();
            if (!probe.inFlight && (probe.lastAt == null || !now.isBefore(probe.lastAt.plus(health.interval())))) {
                probe.inFlight = true;
                probe.lastAt = now;
                send(upstream, health, probe);
            }
            return new Result(probe.consecutiveOk, probe.lastAnswer);
        }
    }

    /** The instances not ready yet, each with what it last answered ({@code host:port last answered HTTP 503}). */
    List<String> waiting(List<Upstream> upstreams, HealthConfig health) {
        List<String> waiting = new ArrayList<>();
        for (Upstream u : upstreams) {
            Result r = check(u, health);
            if (!r.ready(health)) {
                waiting.add(u.host() + ":" + u.port() + " last answered " + r.lastAnswer());
            }
        }
        return waiting;
    }

    /**
     * Probes {@code upstreams} until all are ready or {@code limit} has passed, blocking the caller:
     * for work outside a deployment that must not send traffic to instances still starting (a
     * restore that restarted the app).
     *
     * @return the instances still not ready, as {@link #waiting}; empty when all are ready
     */
    public static List<String> awaitReady(List<Upstream> upstreams, HealthConfig health, Duration limit)
            throws InterruptedException {
        Object answered = new Object();
        ReadinessProbe probe = new ReadinessProbe(Clock.systemUTC(), () -> {
            synchronized (answered) {
                answered.notifyAll();
            }
        });
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (answered) {
            while (true) {
                List<String> waiting = probe.waiting(upstreams, health);
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (waiting.isEmpty() || leftMillis <= 0) {
                    return waiting;
                }
                // An answer wakes this at once; the timeout lets the next probe go out after the interval.
                answered.wait(Math.min(health.interval().toMillis(), leftMillis));
            }
        }
    }

    void forget(Upstream upstream) {
        probes.remove(upstream);
    }

    private void send(Upstream upstream, HealthConfig health, Probe probe) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + upstream.host() + ":" + upstream.port() + health.readyPath()))
                .timeout(health.timeout()).GET().build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            synchronized (probe) {
                probe.inFlight = false;
                boolean ok = error == null && response.statusCode() / 100 == 2;
                probe.consecutiveOk = ok ? probe.consecutiveOk + 1 : 0;
                probe.lastAnswer = error == null ? "HTTP " + response.statusCode() : describe(error);
            }
            onAnswer.run();
        });
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static final class Probe {
        boolean inFlight;
        Instant lastAt;
        int consecutiveOk;
        String lastAnswer = "no answer yet";
    }
}
