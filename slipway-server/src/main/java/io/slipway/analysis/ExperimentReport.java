package io.slipway.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The report of an A/B/n experiment: each variant's estimates and each non-control variant against the
 * control, on conversion (the primary metric), error rate, latency and a custom metric.
 *
 * <p>Per variant: conversion and error rates with Wilson score intervals ({@link WilsonScore}); mean
 * latency and mean custom metric with Student-t intervals, mean &plusmn; t<sub>n-1, 1-&alpha;/2</sub> s / &radic;n.
 * Against the control: rate differences with Newcombe's hybrid score interval and the two-sided pooled
 * two-proportion z-test ({@link TwoProportions}, tolerance 0, both tails); mean differences with Welch's
 * t-test and its interval ({@link WelchTest}); the relative lift (value - control) / |control|.
 *
 * <p>A/B/n: each metric's n - 1 p-values against the control form one family, corrected by Holm's
 * method ({@link Holm}), so that with three variants and no real difference the chance that any is
 * called better or worse stays at &alpha; = 1 - confidence instead of about 3&alpha;. Comparisons with
 * too little data count in the family with p = 1 (the family is the experiment's design, not the arms
 * that happen to have data: otherwise a variant still short of data would make the others' bar lower).
 * Intervals are not adjusted; near the boundary an interval can exclude 0 while the verdict, taken from
 * the adjusted p-value, says no significant difference.
 *
 * <p>Not enough data (no test is trusted): for a rate, fewer than {@link #MIN_TOTAL} units (exposures;
 * requests for errors) on either side, or an expected count below {@link #MIN_EXPECTED_COUNT} in any cell
 * of the 2x2 table under the null hypothesis, i.e. min(n<sub>1</sub>, n<sub>2</sub>) &middot; min(p&#772;, 1 - p&#772;)
 * &lt; 5 with p&#772; the pooled rate. That is Cochran's condition for the z-test's normal approximation
 * (W. G. Cochran, Biometrics 10 (1954) 417-451); it is asked of expected rather than observed counts so
 * that 0 errors against the control's 50 in 10 000 requests each is still judged. For a mean, fewer
 * than {@link #MIN_VALUES} values on either side (the usual bound for the t-test's reliance on the
 * central limit theorem; very skewed latencies may need more).
 *
 * <p>Zero counts never give NaN: a rate of nothing is 0 with interval [0, 1]; a mean of fewer than two
 * values has an unbounded interval; a lift over a control of 0 is 0 or &plusmn;&infin;.
 *
 * @param control     the control variant's name
 * @param confidence  the level of every interval; significance is &alpha; = 1 - confidence
 * @param variants    the estimates of every variant, in the order given
 * @param comparisons each other variant against the control, in the order given
 * @param winner      the one variant significantly better than the control on conversion, if exactly
 *                    one is; empty when none or several are (several winners are not compared with each
 *                    other here, so naming one would claim more than was tested)
 */
public record ExperimentReport(String control, double confidence, List<VariantSummary> variants,
                               List<VersusControl> comparisons, Optional<String> winner) {
    /** The confidence level when none is given. */
    public static final double DEFAULT_CONFIDENCE = 0.95;
    /** Least units (exposures, or requests for errors) per side for a rate comparison. */
    public static final long MIN_TOTAL = 100;
    /** Least expected count per cell of the 2x2 table under the null hypothesis. */
    public static final double MIN_EXPECTED_COUNT = 5;
    /** Least values per side for a mean comparison. */
    public static final long MIN_VALUES = 30;

    /** Which way a metric should move for a variant to be better. */
    public enum Goal {
        /** Higher is better (conversion, order value). */
        INCREASE,
        /** Lower is better (errors, latency). */
        DECREASE
    }

    /**
     * A proportion with its Wilson score interval.
     *
     * @param count    events (conversions, errors)
     * @param total    trials (exposures, requests)
     * @param value    count / total, 0 when total is 0
     * @param interval the Wilson score interval, [0, 1] when total is 0
     */
    public record Rate(long count, long total, double value, ConfidenceInterval interval) {
    }

    /**
     * A mean with its Student-t interval.
     *
     * @param count             number of values
     * @param value             their mean, 0 when there are none
     * @param standardDeviation the sample standard deviation, 0 for fewer than two values
     * @param interval          mean &plusmn; t s / &radic;n; unbounded for fewer than two values
     */
    public record Mean(long count, double value, double standardDeviation, ConfidenceInterval interval) {
    }

    /** One variant's estimates. */
    public record VariantSummary(String variant, long exposures, Rate conversion, Rate errors, Mean latencyMillis,
                                 Mean customMetric) {
    }

    /**
     * A variant's rate against the control's.
     *
     * @param metric         "conversion" or "error rate"
     * @param n              the variant's trials
     * @param controlN       the control's trials
     * @param rate           the variant's rate
     * @param controlRate    the control's rate
     * @param difference     rate - controlRate
     * @param interval       Newcombe's hybrid score interval of the difference
     * @param relativeLift   difference / controlRate
     * @param z              the pooled z statistic, 0 when a side has no trial
     * @param pValue         two-sided, before correction
     * @param adjustedPValue after Holm's correction; 1 when there is not enough data
     * @param verdict        from the adjusted p-value and the metric's goal
     */
    public record RateDifference(String metric, long n, long controlN, double rate, double controlRate,
                                 double difference, ConfidenceInterval interval, double relativeLift, double z,
                                 double pValue, double adjustedPValue, ExperimentVerdict verdict) {
        /** The evidence as people read it, e.g. "conversion: 12 % vs 10 % (control), +2 points (95 % CI ...". */
        @com.fasterxml.jackson.annotation.JsonProperty("explanation")
        public String explanation() {
            return metric + ": " + Format.percent(rate) + " vs " + Format.percent(controlRate) + " (control), "
                    + signed(difference * 100) + " points (" + Format.number(interval.confidence() * 100) + " % CI "
                    + signed(interval.lower() * 100) + " to " + signed(interval.upper() * 100) + "), lift "
                    + lift(relativeLift) + ", p = " + Format.pValue(pValue) + " (Holm " + Format.pValue(adjustedPValue)
                    + "): " + verdict.label() + ", " + n + " vs " + controlN;
        }
    }

    /**
     * A variant's mean against the control's.
     *
     * @param metric           "latency (ms)" or "custom metric"
     * @param n                the variant's values
     * @param controlN         the control's values
     * @param mean             the variant's mean
     * @param controlMean      the control's mean
     * @param difference       mean - controlMean
     * @param interval         Welch's interval of the difference; unbounded for fewer than two values a side
     * @param relativeLift     difference / |controlMean|
     * @param t                Welch's t, 0 when a side has fewer than two values
     * @param degreesOfFreedom Welch-Satterthwaite's, 0 when a side has fewer than two values
     * @param pValue           two-sided, before correction
     * @param adjustedPValue   after Holm's correction; 1 when there is not enough data
     * @param verdict          from the adjusted p-value and the metric's goal
     */
    public record MeanDifference(String metric, long n, long controlN, double mean, double controlMean,
                                 double difference, ConfidenceInterval interval, double relativeLift, double t,
                                 double degreesOfFreedom, double pValue, double adjustedPValue,
                                 ExperimentVerdict verdict) {
        /** The evidence as people read it, e.g. "latency (ms): 212.5 vs 200 (control), +12.5 (95 % CI ...". */
        @com.fasterxml.jackson.annotation.JsonProperty("explanation")
        public String explanation() {
            return metric + ": " + Format.number(mean) + " vs " + Format.number(controlMean) + " (control), "
                    + signed(difference) + " (" + Format.number(interval.confidence() * 100) + " % CI "
                    + signed(interval.lower()) + " to " + signed(interval.upper()) + "), lift " + lift(relativeLift)
                    + ", p = " + Format.pValue(pValue) + " (Holm " + Format.pValue(adjustedPValue) + "): "
                    + verdict.label() + ", " + n + " vs " + controlN;
        }
    }

    /**
     * One variant against the control.
     *
     * @param variant the variant's name
     * @param verdict the verdict on conversion, the primary metric
     */
    public record VersusControl(String variant, ExperimentVerdict verdict, RateDifference conversion,
                                RateDifference errors, MeanDifference latencyMillis, MeanDifference customMetric) {
    }

    /**
     * @throws NullPointerException when a field is null
     */
    public ExperimentReport {
        Objects.requireNonNull(control, "control");
        ConfidenceInterval.requireLevel(confidence);
        variants = List.copyOf(variants);
        comparisons = List.copyOf(comparisons);
        Objects.requireNonNull(winner, "winner");
    }

    /**
     * The report at {@link #DEFAULT_CONFIDENCE}, with a custom metric that should increase.
     *
     * @throws IllegalArgumentException as {@link #of(String, List, double, Goal)}
     */
    public static ExperimentReport of(String control, List<VariantSample> samples) {
        return of(control, samples, DEFAULT_CONFIDENCE, Goal.INCREASE);
    }

    /**
     * The report of the samples against the one named {@code control}.
     *
     * @throws IllegalArgumentException when the confidence is not in (0, 1), there are fewer than two
     *                                  samples, two share a name, or none is named {@code control}
     */
    public static ExperimentReport of(String control, List<VariantSample> samples, double confidence,
                                      Goal customMetricGoal) {
        ConfidenceInterval.requireLevel(confidence);
        VariantSample controlSample = controlOf(control, samples);
        List<VariantSample> treatments = samples.stream().filter(s -> s != controlSample).toList();
        List<VersusControl> comparisons = VariantComparisons.against(controlSample, treatments, confidence,
                Objects.requireNonNull(customMetricGoal, "customMetricGoal"));
        List<VariantSummary> summaries = samples.stream().map(s -> summary(s, confidence)).toList();
        List<String> better = comparisons.stream().filter(c -> c.verdict() == ExperimentVerdict.BETTER)
                .map(VersusControl::variant).toList();
        return new ExperimentReport(control, confidence, summaries, comparisons,
                better.size() == 1 ? Optional.of(better.get(0)) : Optional.empty());
    }

    private static VariantSample controlOf(String control, List<VariantSample> samples) {
        if (samples.size() < 2) {
            throw new IllegalArgumentException("an experiment needs at least two variants, got " + samples.size());
        }
        Set<String> names = new HashSet<>();
        for (VariantSample s : samples) {
            if (!names.add(s.variant())) {
                throw new IllegalArgumentException("variant \"" + s.variant() + "\" appears twice");
            }
        }
        return samples.stream().filter(s -> s.variant().equals(control)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("control \"" + control
                        + "\" is none of the variants " + new ArrayList<>(names)));
    }

    private static VariantSummary summary(VariantSample s, double confidence) {
        return new VariantSummary(s.variant(), s.exposures(), rate(s.conversions(), s.exposures(), confidence),
                rate(s.errors(), s.requests(), confidence), mean(s.latencyMillis(), confidence),
                mean(s.customMetric(), confidence));
    }

    private static Rate rate(long count, long total, double confidence) {
        return new Rate(count, total, WilsonScore.rate(count, total), WilsonScore.interval(count, total, confidence));
    }

    private static Mean mean(Moments m, double confidence) {
        if (m.count() < 2) {
            return new Mean(m.count(), m.mean(), 0, ConfidenceInterval.unbounded(confidence));
        }
        double half = StudentT.quantile((1 + confidence) / 2, m.count() - 1) * m.standardDeviation()
                / Math.sqrt(m.count());
        return new Mean(m.count(), m.mean(), m.standardDeviation(),
                new ConfidenceInterval(m.mean() - half, m.mean() + half, confidence));
    }

    private static String signed(double value) {
        return (value > 0 ? "+" : "") + Format.number(value);
    }

    private static String lift(double relativeLift) {
        return Double.isFinite(relativeLift) ? signed(relativeLift * 100) + " %" : String.valueOf(relativeLift);
    }
}
