package io.slipway.flags;

import io.slipway.analysis.ExperimentReport;
import io.slipway.analysis.Moments;
import io.slipway.analysis.VariantSample;
import io.slipway.store.FlagEventRepository;
import io.slipway.store.FlagEventRepository.VariantTotals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A/B/n reports of flags from what the SDKs reported: per variant, exposed units, units that
 * converted (counted for the variant they saw first), requests, errors and latency, and a custom
 * metric, compared with the control variant by {@link ExperimentReport}.
 */
public final class FlagReports {
    /** The metric whose units count as converted, unless the request names another. */
    public static final String CONVERSION = "conversion";
    private final FlagEventRepository events;
    private final Clock clock;

    public FlagReports(FlagEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /**
     * What a report is asked for.
     *
     * @param flag       the flag
     * @param environment where its traffic ran
     * @param control    the control variant
     * @param conversion the metric whose units converted
     * @param custom     a custom metric to compare, or null
     * @param goal       which way the custom metric should move
     * @param over       how far back to look
     * @param confidence the level of the intervals and tests
     * @param bySide     compare the "on" and "off" sides instead of variants (for flags without variants)
     */
    public record Query(String flag, String environment, String control, String conversion, String custom,
                        ExperimentReport.Goal goal, Duration over, double confidence, boolean bySide) {
        public Query {
            Objects.requireNonNull(flag, "flag");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(control, "control");
            conversion = conversion == null ? CONVERSION : conversion;
            goal = goal == null ? ExperimentReport.Goal.INCREASE : goal;
            if (over == null || over.isNegative() || over.isZero()) {
                throw new IllegalArgumentException("over: " + over + " must be a positive duration (e.g. 7d, 24h)");
            }
        }
    }

    /**
     * A report with its inputs.
     *
     * @param query   what was asked
     * @param from    the start of the data used
     * @param samples what each variant collected
     * @param report  the comparison with the control
     */
    public record FlagReport(Query query, Instant from, List<VariantSample> samples, ExperimentReport report) {
    }

    /**
     * @throws IllegalArgumentException when fewer than two variants have data or the control has none,
     *                                  naming the variants seen
     */
    public FlagReport report(Query q) {
        Instant from = clock.instant().minus(q.over());
        List<VariantSample> samples = new ArrayList<>();
        for (VariantTotals t : events.variants(q.flag(), q.environment(), q.conversion(), from, q.bySide())) {
            samples.add(sample(t, q));
        }
        List<String> seen = samples.stream().map(VariantSample::variant).toList();
        if (!seen.contains(q.control()) || samples.size() < 2) {
            throw new IllegalArgumentException("flag " + q.flag() + " in " + q.environment() + ": a report needs the control \""
                    + q.control() + "\" and at least one other variant with data since " + from + " (variants seen: "
                    + (seen.isEmpty() ? "none" : String.join(", ", seen)) + ")");
        }
        return new FlagReport(q, from, samples, ExperimentReport.of(q.control(), samples, q.confidence(), q.goal()));
    }

    private static VariantSample sample(VariantTotals t, Query q) {
        var latency = t.metric("latency_ms");
        long errors = Math.min(latency.count(), Math.round(t.metric("error").sum()));
        var custom = q.custom() == null ? null : t.metric(q.custom());
        return new VariantSample(t.variant, t.exposedUnits, Math.min(t.convertedUnits, t.exposedUnits), latency.count(),
                errors, Moments.fromSums(latency.count(), latency.sum(), latency.sumSquares()),
                custom == null ? Moments.EMPTY : Moments.fromSums(custom.count(), custom.sum(), custom.sumSquares()));
    }
}
