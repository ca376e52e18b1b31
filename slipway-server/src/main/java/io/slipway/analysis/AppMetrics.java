package io.slipway.analysis;

import io.slipway.analysis.AppMetricsHistory.Scrape;
import io.slipway.analysis.PrometheusText.Sample;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The metric provider that reads an app's own {@code /metrics} (Prometheus text format) from every
 * instance of a version, keeps the scrapes of the last {@link #RETENTION} in memory and answers
 * {@link AppQuery queries} over a window of them. The caller scrapes at its pace (at least once per
 * window) and reads values when it judges a run; the arithmetic is in {@link AppMetricsHistory}.
 *
 * <p>A scrape is all or nothing: when any instance fails to answer 200 with a readable exposition
 * within {@link #SCRAPE_TIMEOUT}, nothing is stored and {@link MetricException} names every failing
 * instance. A partial scrape would make counters look as if they fell by the missing instance's
 * share, and a sum over the instances that answered would understate every total.
 *
 * <p>Thread-safe: scrapes of different versions run concurrently, reads see whole scrapes.
 */
public final class AppMetrics {
    /** How long one instance has to answer a scrape completely. */
    public static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(2);
    /** How far back scrapes are kept: the longest window a query can have. */
    public static final Duration RETENTION = AppMetricsHistory.RETENTION;

    private final HttpClient client;
    private final Clock clock;
    private final Duration timeout;
    private final Map<Key, AppMetricsHistory> histories = new ConcurrentHashMap<>();

    /**
     * A query's value and what backs it.
     *
     * @param value     the value, NaN without data (see {@link #values})
     * @param scrapes   the scrapes it was computed from (the latest only, for a gauge)
     * @param instances the instances with a matching series (for a ratio, in the denominator)
     * @param span      from the first to the last scrape used: shorter than the window asked for while
     *                  the history is younger than the window, zero for a gauge
     */
    public record Reading(double value, int scrapes, int instances, Duration span) {
        static final Reading NONE = new Reading(Double.NaN, 0, 0, Duration.ZERO);
    }

    private record Key(String app, String version) {
    }

    /** Scrapes with its own HTTP/1.1 client. */
    public AppMetrics(Clock clock) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(SCRAPE_TIMEOUT).build(),
                clock, SCRAPE_TIMEOUT);
    }

    /** Scrapes with {@code client}; {@code clock} stamps scrapes and ends windows. */
    public AppMetrics(HttpClient client, Clock clock) {
        this(client, clock, SCRAPE_TIMEOUT);
    }

    /** A shorter timeout lets tests of a hanging instance finish quickly. */
    AppMetrics(HttpClient client, Clock clock, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = timeout;
    }

    /**
     * GETs every instance's metrics at once and stores them, stamped with the clock's time.
     *
     * @param instanceMetricsUris the {@code /metrics} URI of every instance of the version
     * @throws MetricException          when any instance does not answer 200 with a readable exposition
     *                                  in time (then nothing is stored)
     * @throws IllegalArgumentException without instances
     */
    public void scrape(String app, String version, List<URI> instanceMetricsUris) {
        if (instanceMetricsUris.isEmpty()) {
            throw new IllegalArgumentException(app + " " + version + ": no instances to scrape");
        }
        Instant at = clock.instant();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<URI, CompletableFuture<HttpResponse<String>>> pending = new LinkedHashMap<>();
        instanceMetricsUris.forEach(uri -> pending.put(uri, get(uri)));
        Map<URI, List<Sample>> samples = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        pending.forEach((uri, response) -> {
            try {
                samples.put(uri, samples(uri, response, deadline));
            } catch (MetricException e) {
                failures.add(e.getMessage());
            }
        });
        if (!failures.isEmpty()) {
            throw new MetricException("scrape of " + app + " " + version + " failed, nothing stored: "
                    + String.join("; ", failures));
        }
        histories.computeIfAbsent(new Key(app, version), k -> new AppMetricsHistory()).add(new Scrape(at, samples));
    }

    /**
     * The queries' values over the window ending now, by query name, in query order.
     *
     * <p>INCREASE and RATIO compare the latest scrape with the newest one at or before now - window; while
     * the history is younger than the window they start at the oldest scrape, so they cover less than
     * the window ({@link Reading#span} says how much). GAUGE reads the latest scrape. A value is NaN when
     * there is no data: the version was never scraped (or {@link #forget forgotten}), fewer than two
     * scrapes fall in the window, no series matches (for RATIO: the denominator's), the latest scrape is
     * older than the window, or a RATIO's denominator did not increase. Checks treat NaN as no value.
     *
     * @throws IllegalArgumentException when the window is not positive or longer than {@link #RETENTION},
     *                                  or two queries have the same name
     */
    public Map<String, Double> values(String app, String version, List<AppQuery> queries, Duration window) {
        Map<String, Double> values = new LinkedHashMap<>();
        readings(app, version, queries, window).forEach((name, reading) -> values.put(name, reading.value()));
        return Collections.unmodifiableMap(values);
    }

    /** As {@link #values}, with how many scrapes and instances back each value. */
    public Map<String, Reading> readings(String app, String version, List<AppQuery> queries, Duration window) {
        if (window.isNegative() || window.isZero() || window.compareTo(RETENTION) > 0) {
            throw new IllegalArgumentException("window " + window + " is not within (0, " + RETENTION
                    + "], the history kept");
        }
        AppMetricsHistory history = histories.get(new Key(app, version));
        Instant now = clock.instant();
        Map<String, Reading> readings = new LinkedHashMap<>();
        for (AppQuery query : queries) {
            Reading reading = history == null ? Reading.NONE : history.read(query, now, window);
            if (readings.put(query.name(), reading) != null) {
                throw new IllegalArgumentException(app + " " + version + ": two queries are named " + query.name());
            }
        }
        return Collections.unmodifiableMap(readings);
    }

    /** Drops the history of a version, e.g. once it is promoted or rolled back. */
    public void forget(String app, String version) {
        histories.remove(new Key(app, version));
    }

    private CompletableFuture<HttpResponse<String>> get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "text/plain;version=0.0.4").GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for one answer until the scrape's deadline; the request timeout alone does not cover the body. */
    private List<Sample> samples(URI uri, CompletableFuture<HttpResponse<String>> pending, long deadline) {
        HttpResponse<String> response;
        try {
            response = pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new MetricException(uri + ": " + late());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof HttpTimeoutException ? late() : describe(cause);
            throw new MetricException(uri + ": " + why, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricException(uri + ": interrupted while waiting for the answer", e);
        }
        return parsed(uri, response);
    }

    private String late() {
        return "no complete answer within " + timeout.toMillis() + " ms";
    }

    private static List<Sample> parsed(URI uri, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new MetricException(uri + ": HTTP " + response.statusCode() + ", expected 200");
        }
        try {
            return PrometheusText.parse(response.body());
        } catch (MetricException e) {
            throw new MetricException(uri + ": not the Prometheus text format, " + e.getMessage(), e);
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
