package io.slipway.analysis;

import java.util.Objects;

/**
 * One value {@link AppMetrics} reads from a version's own {@code /metrics}, named for the checks that
 * use it (a {@link ThresholdCheck#value} on {@code cacheHitRate}, say).
 *
 * @param name        the value's name in {@link Measurement#values()}
 * @param kind        how the matched series become one number
 * @param series      the series summed
 * @param denominator for RATIO, the series the sum is divided by; null otherwise
 */
public record AppQuery(String name, Kind kind, SeriesSelector series, SeriesSelector denominator) {
    /** How the matched series become one number; NaN when there is nothing to compute it from. */
    public enum Kind {
        /** Increase of the matched counters over the window, summed over series and instances. */
        INCREASE,
        /** Sum of the matched series on each instance at the latest scrape, averaged over instances. */
        GAUGE,
        /** INCREASE of {@code series} divided by INCREASE of {@code denominator}. */
        RATIO
    }

    /**
     * @throws IllegalArgumentException without a name, or when a RATIO has no denominator or
     *                                  another kind has one
     */
    public AppQuery {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an app metric query needs a name");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(series, "series");
        if ((kind == Kind.RATIO) != (denominator != null)) {
            throw new IllegalArgumentException(name + ": " + (kind == Kind.RATIO
                    ? "a RATIO needs a denominator" : "only a RATIO has a denominator, not " + kind));
        }
    }

    /** Increase of the counters {@code series} selects, e.g. {@code sample_requests_total{status="500"}}. */
    public static AppQuery increase(String name, String series) {
        return new AppQuery(name, Kind.INCREASE, SeriesSelector.parse(series), null);
    }

    /** Mean over instances of the summed gauges {@code series} selects. */
    public static AppQuery gauge(String name, String series) {
        return new AppQuery(name, Kind.GAUGE, SeriesSelector.parse(series), null);
    }

    /** Increase of {@code series} over increase of {@code denominator}, e.g. errors over requests. */
    public static AppQuery ratio(String name, String series, String denominator) {
        return new AppQuery(name, Kind.RATIO, SeriesSelector.parse(series), SeriesSelector.parse(denominator));
    }
}
