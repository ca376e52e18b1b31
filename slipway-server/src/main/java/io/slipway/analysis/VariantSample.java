package io.slipway.analysis;

import java.util.Objects;

/**
 * What was collected for one variant of an experiment, the input of {@link ExperimentReport}.
 *
 * <p>Conversions count units, not events: a unit (user, session) that converted twice counts once, so
 * that conversions / exposures is a proportion and the binomial tests apply. Errors count requests.
 *
 * @param variant       the variant's name, e.g. "control", "B"
 * @param exposures     distinct units exposed to the variant, &ge; 0
 * @param conversions   exposed units that converted, 0 &le; conversions &le; exposures
 * @param requests      requests served by the variant, &ge; 0
 * @param errors        of those, the failed ones, 0 &le; errors &le; requests
 * @param latencyMillis request latencies in milliseconds, {@link Moments#EMPTY} when none were measured
 * @param customMetric  a custom per-unit metric (e.g. order value), {@link Moments#EMPTY} when none
 */
public record VariantSample(String variant, long exposures, long conversions, long requests, long errors,
                            Moments latencyMillis, Moments customMetric) {
    /**
     * @throws IllegalArgumentException when the name is blank or a count is negative or above its total
     * @throws NullPointerException     when a field is null
     */
    public VariantSample {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(latencyMillis, "latencyMillis of variant " + variant);
        Objects.requireNonNull(customMetric, "customMetric of variant " + variant);
        if (variant.isBlank()) {
            throw new IllegalArgumentException("variant name \"" + variant + "\" is blank");
        }
        requireCount(variant, "conversions", conversions, "exposures", exposures);
        requireCount(variant, "errors", errors, "requests", requests);
    }

    /** A sample with conversions only (no request, latency or custom metric). */
    public static VariantSample ofConversions(String variant, long exposures, long conversions) {
        return new VariantSample(variant, exposures, conversions, 0, 0, Moments.EMPTY, Moments.EMPTY);
    }

    private static void requireCount(String variant, String countName, long count, String totalName, long total) {
        if (total < 0) {
            throw new IllegalArgumentException("variant " + variant + ": " + totalName + " " + total + " is negative");
        }
        if (count < 0 || count > total) {
            throw new IllegalArgumentException("variant " + variant + ": " + countName + " " + count
                    + " is not in [0, " + totalName + " " + total + "]");
        }
    }
}
