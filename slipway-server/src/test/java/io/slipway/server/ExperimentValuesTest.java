package io.slipway.server;

import io.slipway.config.RolloutConfig.MetricQuery;
import io.slipway.flags.EventBatch;
import io.slipway.flags.EventBatch.ExperimentResult;
import io.slipway.store.FlagEventRepository.ExperimentTotals;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentValuesTest {
    @Test
    void sumsAnExperimentOverEnvironmentsIntoEachRequestedValue() {
        List<ExperimentTotals> totals = List.of(
                new ExperimentTotals("production", result("price", 100, 4, 1, 2.0, 9.0)),
                new ExperimentTotals("staging", result("price", 300, 0, 3, 2.0, 5.0)),
                new ExperimentTotals("production", result("other", 50, 50, 0, 1, 1)));
        Map<String, Double> values = new HashMap<>();
        Map<String, Long> samples = new HashMap<>();
        ExperimentValues.of(totals, List.of(query("mismatch", "mismatchRate", "price"),
                query("errors", "candidateErrorRate", "price"), query("slow", "latencyIncreaseMs", "price"),
                query("latency", "candidateLatencyMs", "price"), query("none", "mismatchRate", "missing")), values, samples);
        assertThat(values).containsEntry("mismatch", 0.01).containsEntry("errors", 0.01).containsEntry("slow", 4.0)
                .containsEntry("latency", 6.0);
        assertThat(values.get("none")).isNaN();
        assertThat(samples).containsEntry("mismatch", 400L).containsEntry("none", 0L);
    }

    private static MetricQuery query(String name, String value, String experiment) {
        return new MetricQuery(name, "experiment", value, experiment, null);
    }

    private static ExperimentResult result(String name, long runs, long mismatches, long candidateErrors,
                                           double controlMean, double candidateMean) {
        return new ExperimentResult(name, "flag", runs, mismatches, 0, candidateErrors, 0,
                new EventBatch.Moments(runs, runs * controlMean, 0), new EventBatch.Moments(runs, runs * candidateMean, 0));
    }
}
