package io.slipway.flags;

import java.time.Instant;
import java.util.List;

/**
 * What an SDK sends to {@code POST /api/v1/flags/events} every few seconds: exposures, metrics and
 * hybrid-mode experiment results, each already summed over the batch.
 *
 * @param appName     the app reporting
 * @param environment the flag environment it evaluates in
 * @param instance    which process (host/pid), for logs
 * @param sentAt      the SDK's clock when sent (informational: the server buckets by its own clock)
 * @param exposures   evaluations per flag, variant and on/off side
 * @param metrics     metric observations per flag, variant, side and metric name
 * @param experiments hybrid-mode results per experiment
 */
public record EventBatch(String appName, String environment, String instance, Instant sentAt,
                         List<Exposure> exposures, List<Metric> metrics, List<ExperimentResult> experiments) {
    /** Entries one batch may carry, and units one entry may list: bounds the work of one request. */
    public static final int MAX_ENTRIES = 10_000;
    public static final int MAX_UNITS = 1000;

    /** @throws IllegalArgumentException naming the entry and value that is missing or out of range */
    public EventBatch {
        if (environment == null || environment.isBlank()) {
            throw new IllegalArgumentException("environment: missing");
        }
        exposures = exposures == null ? List.of() : List.copyOf(exposures);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
        if (exposures.size() + metrics.size() + experiments.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("batch: " + (exposures.size() + metrics.size() + experiments.size())
                    + " entries, more than " + MAX_ENTRIES + "; send smaller batches");
        }
    }

    /**
     * How often a flag was evaluated with a given outcome.
     *
     * @param flag    the key
     * @param variant the variant name ("disabled" when none)
     * @param enabled the on/off outcome
     * @param count   evaluations
     * @param units   distinct units (user ids) among them
     */
    public record Exposure(String flag, String variant, boolean enabled, long count, List<String> units) {
        public Exposure {
            flag = requireName("exposure flag", flag);
            variant = variant == null || variant.isBlank() ? "disabled" : variant;
            requireCount("exposure " + flag + " count", count);
            units = requireUnits("exposure " + flag, units);
        }
    }

    /**
     * Observations of one metric for contexts with a given outcome, summed: latency_ms, error (1 per
     * failed request), conversion (1 per converting unit) or any custom name.
     *
     * @param flag       the key
     * @param variant    the variant name
     * @param enabled    the on/off outcome
     * @param name       the metric
     * @param count      observations
     * @param sum        their sum
     * @param sumSquares the sum of their squares
     * @param units      distinct units observed (conversions count units, not observations)
     */
    public record Metric(String flag, String variant, boolean enabled, String name, long count, double sum,
                         double sumSquares, List<String> units) {
        public Metric {
            flag = requireName("metric flag", flag);
            name = requireName("metric " + flag + " name", name);
            variant = variant == null || variant.isBlank() ? "disabled" : variant;
            requireCount("metric " + flag + "/" + name + " count", count);
            if (!Double.isFinite(sum) || !Double.isFinite(sumSquares) || sumSquares < 0) {
                throw new IllegalArgumentException("metric " + flag + "/" + name + ": sum " + sum + " and sumSquares "
                        + sumSquares + " must be finite, sumSquares >= 0");
            }
            units = requireUnits("metric " + flag + "/" + name, units);
        }
    }

    /**
     * A hybrid-mode experiment's runs in the batch.
     *
     * @param name            the experiment
     * @param flag            the flag choosing the candidate's result
     * @param runs            runs of both paths
     * @param mismatches      runs whose results differed
     * @param controlErrors   runs where the control threw
     * @param candidateErrors runs where the candidate threw
     * @param candidateUsed   runs that returned the candidate's result
     * @param controlMs       control latency moments
     * @param candidateMs     candidate latency moments
     */
    public record ExperimentResult(String name, String flag, long runs, long mismatches, long controlErrors,
                                   long candidateErrors, long candidateUsed, Moments controlMs, Moments candidateMs) {
        public ExperimentResult {
            name = requireName("experiment name", name);
            flag = requireName("experiment " + name + " flag", flag);
            for (long n : new long[] {runs, mismatches, controlErrors, candidateErrors, candidateUsed}) {
                requireCount("experiment " + name + " counts", n);
            }
            if (mismatches > runs || candidateUsed > runs) {
                throw new IllegalArgumentException("experiment " + name + ": " + mismatches + " mismatches and "
                        + candidateUsed + " candidate results in " + runs + " runs");
            }
            controlMs = controlMs == null ? Moments.NONE : controlMs;
            candidateMs = candidateMs == null ? Moments.NONE : candidateMs;
        }
    }

    /**
     * Count, sum and sum of squares of some observations.
     *
     * @param count      observations
     * @param sum        their sum
     * @param sumSquares the sum of their squares
     */
    public record Moments(long count, double sum, double sumSquares) {
        public static final Moments NONE = new Moments(0, 0, 0);

        public Moments {
            requireCount("moments count", count);
            if (!Double.isFinite(sum) || !Double.isFinite(sumSquares) || sumSquares < 0) {
                throw new IllegalArgumentException("moments: sum " + sum + " and sumSquares " + sumSquares
                        + " must be finite, sumSquares >= 0");
            }
        }

        public double mean() {
            return count == 0 ? 0 : sum / count;
        }
    }

    private static String requireName(String what, String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException(what + ": " + (name == null ? "missing" : "\"" + name
                    + "\" must be 1 to 200 characters"));
        }
        return name;
    }

    private static void requireCount(String what, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(what + ": " + n + " must be 0 or more");
        }
    }

    private static List<String> requireUnits(String what, List<String> units) {
        if (units == null) {
            return List.of();
        }
        if (units.size() > MAX_UNITS) {
            throw new IllegalArgumentException(what + ": " + units.size() + " units, more than " + MAX_UNITS);
        }
        if (units.stream().anyMatch(u -> u == null || u.isEmpty())) {
            throw new IllegalArgumentException(what + ": units may not contain null or empty ids");
        }
        return List.copyOf(units);
    }
}
