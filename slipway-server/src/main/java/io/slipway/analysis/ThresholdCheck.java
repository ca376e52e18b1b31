package io.slipway.analysis;

import java.util.OptionalDouble;

/**
 * An absolute bound on one metric of the candidate: FAIL when its value is above {@code max} or below
 * {@code min}, PASS otherwise, INCONCLUSIVE with fewer than {@code minSamples} observations or no value.
 * The stable version's value, when there is one, is recorded beside it for context only.
 *
 * @param metric     a built-in metric of {@link Measurement} ({@code errorRate}, {@code successRate},
 *                   {@code p95}, {@code p99}) or any provider value
 * @param min        the lowest passing value, -&infin; for none
 * @param max        the highest passing value, +&infin; for none
 * @param unit       how values read in evidence
 * @param minSamples observations needed before judging
 */
public record ThresholdCheck(String metric, double min, double max, Unit unit, long minSamples) implements Check {
    /** How a metric's values read. */
    public enum Unit {
        /** A fraction shown in percent. */
        RATIO,
        /** Milliseconds. */
        MILLIS,
        /** A plain number. */
        NUMBER;

        String format(double value) {
            return switch (this) {
                case RATIO -> Format.percent(value);
                case MILLIS -> Format.millis(value);
                case NUMBER -> Format.number(value);
            };
        }
    }

    /**
     * @throws IllegalArgumentException when the bounds are missing or crossed, or minSamples &lt; 1
     */
    public ThresholdCheck {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a threshold check needs a metric name");
        }
        if (Double.isNaN(min) || Double.isNaN(max) || min > max || (min == Double.NEGATIVE_INFINITY
                && max == Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(metric + ": bounds [" + min + ", " + max + "] pass nothing or everything");
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException(metric + ": minSamples " + minSamples + " must be at least 1");
        }
    }

    /** Error rate (5xx share) at most {@code max}, a fraction: the seed default is 0.01. */
    public static ThresholdCheck errorRateAtMost(double max) {
        return new ThresholdCheck(Measurement.ERROR_RATE, Double.NEGATIVE_INFINITY, max, Unit.RATIO, DEFAULT_MIN_SAMPLES);
    }

    /** Success rate (requests the gateway got an answer for) at least {@code min}: the seed default is 0.999. */
    public static ThresholdCheck successRateAtLeast(double min) {
        return new ThresholdCheck(Measurement.SUCCESS_RATE, min, Double.POSITIVE_INFINITY, Unit.RATIO, DEFAULT_MIN_SAMPLES);
    }

    /** 95th percentile latency at most {@code millis}: the seed default is 1000. */
    public static ThresholdCheck p95AtMost(double millis) {
        return new ThresholdCheck(Measurement.P95, Double.NEGATIVE_INFINITY, millis, Unit.MILLIS, DEFAULT_MIN_SAMPLES);
    }

    /** 99th percentile latency at most {@code millis}. */
    public static ThresholdCheck p99AtMost(double millis) {
        return new ThresholdCheck(Measurement.P99, Double.NEGATIVE_INFINITY, millis, Unit.MILLIS, DEFAULT_MIN_SAMPLES);
    }

    /** Any provider value within [min, max] (use &plusmn;&infin; for an open side), e.g. a cache hit rate. */
    public static ThresholdCheck value(String metric, double min, double max) {
        return new ThresholdCheck(metric, min, max, Unit.NUMBER, DEFAULT_MIN_SAMPLES);
    }

    /** The same check needing {@code samples} observations. */
    public ThresholdCheck withMinSamples(long samples) {
        return new ThresholdCheck(metric, min, max, unit, samples);
    }

    @Override
    public String name() {
        return metric;
    }

    @Override
    public CheckResult evaluate(Measurement candidate, Measurement stable) {
        long n = candidate.sampleSize(metric);
        Double value = boxed(candidate.value(metric));
        Double stableValue = stable == null ? null : boxed(stable.value(metric));
        String window = " over " + Format.window(candidate.window());
        String counted = n + " " + samplesWord(candidate);
        Verdict verdict;
        String explanation;
        if (n < minSamples) {
            verdict = Verdict.INCONCLUSIVE;
            explanation = metric + ": " + counted + window + ", fewer than the " + minSamples + " needed";
        } else if (value == null || value.isNaN()) {
            verdict = Verdict.INCONCLUSIVE;
            explanation = metric + ": no value" + window + ", " + counted;
        } else {
            verdict = value > max || value < min ? Verdict.FAIL : Verdict.PASS;
            explanation = metric + " " + unit.format(value) + " " + comparedTo(value) + window + ", " + counted
                    + context(stableValue);
        }
        return new CheckResult(name(), verdict, new CheckResult.Evidence(metric, candidate.window(), value, stableValue,
                threshold(), n, stable == null ? 0 : stable.sampleSize(metric), null, explanation));
    }

    /** "> 1000 ms" or "< 99.9 %" when out of bounds, else the bound it keeps. */
    private String comparedTo(double value) {
        if (value > max) {
            return "> " + unit.format(max);
        }
        if (value < min) {
            return "< " + unit.format(min);
        }
        return threshold().startsWith("[") ? "within " + threshold() : threshold();
    }

    private String context(Double stableValue) {
        return stableValue == null || stableValue.isNaN() ? "" : " (stable " + unit.format(stableValue) + ")";
    }

    private String threshold() {
        if (min == Double.NEGATIVE_INFINITY) {
            return "<= " + unit.format(max);
        }
        return max == Double.POSITIVE_INFINITY ? ">= " + unit.format(min)
                : "[" + unit.format(min) + ", " + unit.format(max) + "]";
    }

    private String samplesWord(Measurement candidate) {
        return candidate.sampleSize(metric) == candidate.requests() ? "requests" : "samples";
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
