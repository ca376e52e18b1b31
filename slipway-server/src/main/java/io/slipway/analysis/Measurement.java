package io.slipway.analysis;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the metric providers measured for one version over one window: the input of every check.
 * Providers (the gateway, an app's {@code /metrics}, PromQL) fill it at the edge; checks only read it.
 *
 * <p>Built-in metrics derive from the counts and samples: {@value #ERROR_RATE} = errors / requests,
 * {@value #SUCCESS_RATE} = 1 - gatewayErrors / requests, and {@value #P95} / {@value #P99} in ms, the
 * nearest-rank percentile of the latency samples (the smallest sample with at least 95 % of the samples
 * at or below it, as HdrHistogram reports, without its bucket rounding). Any other metric is a named
 * provider value; a provider value under a built-in name (a PromQL p95, say) wins over the derived one.
 *
 * @param version         the version measured
 * @param window          the span of traffic measured
 * @param requests        requests answered in the window
 * @param errors          of those, answered with a 5xx (gateway-made 502/504 included)
 * @param gatewayErrors   of those errors, the ones the gateway made because it could not get an answer
 *                        from the version (connect failure, 502, timeout 504): what success rate counts
 * @param latenciesMillis one latency per request, or a uniform sample of them, in ms; kept sorted, since
 *                        their order means nothing and every use (percentiles, ranks) sorts them
 * @param values          named provider values (e.g. {@code cacheHitRate}), NaN when a query had no answer
 * @param valueSamples    how many observations a provider value rests on (e.g. mirrored requests for a
 *                        mirror mismatch rate); a value without an entry rests on {@code requests}
 */
public record Measurement(
        String version,
        Duration window,
        long requests,
        long errors,
        long gatewayErrors,
        double[] latenciesMillis,
        Map<String, Double> values,
        Map<String, Long> valueSamples) {
    public static final String ERROR_RATE = "errorRate";
    public static final String SUCCESS_RATE = "successRate";
    public static final String P95 = "p95";
    public static final String P99 = "p99";

    /**
     * @throws IllegalArgumentException when the counts contradict each other or a latency is NaN or negative
     */
    public Measurement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(window, "window");
        if (requests < 0 || errors < 0 || errors > requests || gatewayErrors < 0 || gatewayErrors > errors) {
            throw new IllegalArgumentException(version + ": counts " + requests + " requests, " + errors
                    + " errors, " + gatewayErrors + " gateway errors do not nest (0 <= gateway <= errors <= requests)");
        }
        latenciesMillis = latenciesMillis.clone();
        Arrays.sort(latenciesMillis);
        int n = latenciesMillis.length;
        if (n > 0 && (Double.isNaN(latenciesMillis[n - 1]) || latenciesMillis[0] < 0)) {
            double bad = Double.isNaN(latenciesMillis[n - 1]) ? Double.NaN : latenciesMillis[0];
            throw new IllegalArgumentException(version + ": latency sample " + bad + " ms is not a duration");
        }
        values = Map.copyOf(values);
        valueSamples = Map.copyOf(valueSamples);
    }

    /** A measurement whose provider values all rest on {@code requests}. */
    public Measurement(String version, Duration window, long requests, long errors, long gatewayErrors,
                       double[] latenciesMillis, Map<String, Double> values) {
        this(version, window, requests, errors, gatewayErrors, latenciesMillis, values, Map.of());
    }

    /** A measurement of request counts and latencies only. */
    public static Measurement of(String version, Duration window, long requests, long errors, double[] latenciesMillis) {
        return new Measurement(version, window, requests, errors, 0, latenciesMillis, Map.of());
    }

    /** A sorted copy: the record stays immutable. */
    @Override
    public double[] latenciesMillis() {
        return latenciesMillis.clone();
    }

    /** The value of a built-in or provider metric; empty when it cannot be computed (no traffic, unknown name). */
    public OptionalDouble value(String metric) {
        Double provided = values.get(metric);
        if (provided != null) {
            return OptionalDouble.of(provided);
        }
        return switch (metric) {
            case ERROR_RATE -> requests == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) errors / requests);
            case SUCCESS_RATE -> requests == 0 ? OptionalDouble.empty()
                    : OptionalDouble.of(1 - (double) gatewayErrors / requests);
            case P95 -> percentile(95);
            case P99 -> percentile(99);
            default -> OptionalDouble.empty();
        };
    }

    /** How many observations a metric's value rests on: latency samples for derived percentiles, else requests. */
    public long sampleSize(String metric) {
        boolean derivedPercentile = (metric.equals(P95) || metric.equals(P99)) && !values.containsKey(metric);
        return derivedPercentile ? latenciesMillis.length : valueSamples.getOrDefault(metric, requests);
    }

    /** Nearest-rank percentile of the latency samples; empty without samples. */
    OptionalDouble percentile(double percent) {
        if (latenciesMillis.length == 0) {
            return OptionalDouble.empty();
        }
        int rank = (int) Math.ceil(percent * latenciesMillis.length / 100);
        return OptionalDouble.of(latenciesMillis[Math.max(rank, 1) - 1]);
    }

    /** The package's own read of the sorted samples, without the defensive copy. */
    double[] samples() {
        return latenciesMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Measurement m && version.equals(m.version) && window.equals(m.window)
                && requests == m.requests && errors == m.errors && gatewayErrors == m.gatewayErrors
                && Arrays.equals(latenciesMillis, m.latenciesMillis) && values.equals(m.values)
                && valueSamples.equals(m.valueSamples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, window, requests, errors, gatewayErrors, Arrays.hashCode(latenciesMillis), values,
                valueSamples);
    }

    @Override
    public String toString() {
        return "Measurement[" + version + ", " + window + ", " + requests + " requests, " + errors + " errors, "
                + gatewayErrors + " gateway errors, " + latenciesMillis.length + " latency samples, " + values + "]";
    }
}
