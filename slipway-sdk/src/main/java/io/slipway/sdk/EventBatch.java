package io.slipway.sdk;

import java.util.List;

/**
 * One POST to {@code /api/v1/flags/events}: what one client saw during one events interval. Field names
 * are the wire format.
 *
 * @param sentAt ISO-8601 instant at which the interval ended
 */
record EventBatch(String appName, String environment, String instance, String sentAt, List<Exposure> exposures,
                  List<Metric> metrics, List<ExperimentResult> experiments) {

    /** True when the interval saw nothing worth a request. */
    boolean nothingToSend() {
        return exposures.isEmpty() && metrics.isEmpty() && experiments.isEmpty();
    }

    /** Evaluations recorded for one (flag, variant, enabled); {@code units} are distinct user or session ids. */
    record Exposure(String flag, String variant, boolean enabled, long count, List<String> units) {
    }

    /** Values of one metric for one (flag, variant, enabled): enough for a mean and a variance. */
    record Metric(String flag, String variant, boolean enabled, String name, long count, double sum,
                  double sumSquares, List<String> units) {
    }

    /** One hybrid-mode experiment's runs in the interval. */
    record ExperimentResult(String name, String flag, long runs, long mismatches, long controlErrors,
                            long candidateErrors, long candidateUsed, Moments controlMs, Moments candidateMs) {
    }

    /** Count, sum and sum of squares of a series of values. */
    record Moments(long count, double sum, double sumSquares) {
    }
}
