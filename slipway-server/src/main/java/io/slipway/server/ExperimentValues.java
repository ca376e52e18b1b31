package io.slipway.server;

import io.slipway.config.RolloutConfig;
import io.slipway.flags.EventBatch;
import io.slipway.store.FlagEventRepository;

import java.util.List;
import java.util.Map;

/**
 * Hybrid-mode experiments as analysis values: what the app's SDKs reported over the window, summed
 * over environments and instances — the mismatch rate, the candidate's error rate, its mean latency, or
 * how much slower than the control it is (ms). Each value rests on the experiment's runs (its sample
 * count); NaN when it had none in the window, which an analysis treats as not measured.
 */
final class ExperimentValues {
    private ExperimentValues() {
    }

    static void of(List<FlagEventRepository.ExperimentTotals> totals, List<RolloutConfig.MetricQuery> queries,
                   Map<String, Double> values, Map<String, Long> samples) {
        for (RolloutConfig.MetricQuery q : queries) {
            EventBatch.ExperimentResult r = totals.stream().map(FlagEventRepository.ExperimentTotals::result)
                    .filter(t -> t.name().equals(q.series())).reduce(ExperimentValues::plus).orElse(null);
            long runs = r == null ? 0 : r.runs();
            samples.put(q.name(), runs);
            values.put(q.name(), runs == 0 ? Double.NaN : value(q.kind(), r));
        }
    }

    private static double value(String kind, EventBatch.ExperimentResult r) {
        return switch (kind) {
            case "candidateErrorRate" -> (double) r.candidateErrors() / r.runs();
            case "candidateLatencyMs" -> r.candidateMs().mean();
            case "latencyIncreaseMs" -> r.candidateMs().mean() - r.controlMs().mean();
            default -> (double) r.mismatches() / r.runs();
        };
    }

    private static EventBatch.ExperimentResult plus(EventBatch.ExperimentResult a, EventBatch.ExperimentResult b) {
        return new EventBatch.ExperimentResult(a.name(), a.flag(), a.runs() + b.runs(), a.mismatches() + b.mismatches(),
                a.controlErrors() + b.controlErrors(), a.candidateErrors() + b.candidateErrors(),
                a.candidateUsed() + b.candidateUsed(), plus(a.controlMs(), b.controlMs()), plus(a.candidateMs(), b.candidateMs()));
    }

    private static EventBatch.Moments plus(EventBatch.Moments a, EventBatch.Moments b) {
        return new EventBatch.Moments(a.count() + b.count(), a.sum() + b.sum(), a.sumSquares() + b.sumSquares());
    }
}
