package io.slipway.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.slipway.flags.EventBatch;
import io.slipway.store.FlagEventRepository;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Hybrid-mode experiments on {@code /metrics}, over the last 5 minutes per experiment and environment:
 * runs, mismatch ratio, candidate error ratio and the mean latency of each path, so that Prometheus,
 * and a canary analysis reading it, can judge a candidate code path. Gauges are added when an
 * experiment first reports (never during a scrape); their values come from a snapshot of the store
 * taken at most every 5 s, however often scraped.
 */
public final class ExperimentMetrics {
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final long REFRESH_NANOS = 5_000_000_000L;
    private final MeterRegistry registry;
    private final FlagEventRepository events;
    private final Clock clock;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<String, EventBatch.ExperimentResult> snapshot = Map.of();
    private volatile long refreshedAt = System.nanoTime() - REFRESH_NANOS;

    public ExperimentMetrics(MeterRegistry registry, FlagEventRepository events, Clock clock) {
        this.registry = registry;
        this.events = events;
        this.clock = clock;
    }

    /** Adds the gauges of experiments this batch reports for the first time. */
    public void observe(EventBatch batch) {
        for (EventBatch.ExperimentResult r : batch.experiments()) {
            String id = id(r.name(), batch.environment());
            if (registered.add(id)) {
                register(id, Tags.of("experiment", r.name(), "environment", batch.environment()));
            }
        }
    }

    private void register(String id, Tags tags) {
        gauge("slipway_experiment_runs", "Runs of both paths in the last 5 minutes", tags, id, r -> r.runs());
        gauge("slipway_experiment_mismatch_ratio", "Share of runs whose results differed, last 5 minutes", tags, id,
                r -> r.runs() == 0 ? 0 : (double) r.mismatches() / r.runs());
        gauge("slipway_experiment_candidate_error_ratio", "Share of runs where the candidate threw, last 5 minutes",
                tags, id, r -> r.runs() == 0 ? 0 : (double) r.candidateErrors() / r.runs());
        gauge("slipway_experiment_latency_ms", "Mean latency of each path, last 5 minutes",
                tags.and("path", "control"), id, r -> r.controlMs().mean());
        gauge("slipway_experiment_latency_ms", "Mean latency of each path, last 5 minutes",
                tags.and("path", "candidate"), id, r -> r.candidateMs().mean());
    }

    private void gauge(String name, String help, Tags tags, String id, ToDoubleFunction<EventBatch.ExperimentResult> value) {
        Gauge.builder(name, this, m -> {
            EventBatch.ExperimentResult r = m.current().get(id);
            return r == null ? 0 : value.applyAsDouble(r);
        }).strongReference(true).tags(tags).description(help).register(registry);
    }

    private Map<String, EventBatch.ExperimentResult> current() {
        if (System.nanoTime() - refreshedAt >= REFRESH_NANOS) {
            refreshedAt = System.nanoTime();
            Map<String, EventBatch.ExperimentResult> fresh = new ConcurrentHashMap<>();
            for (FlagEventRepository.ExperimentTotals t : events.experiments(clock.instant().minus(WINDOW))) {
                fresh.put(id(t.result().name(), t.environment()), t.result());
            }
            snapshot = fresh;
        }
        return snapshot;
    }

    private static String id(String name, String environment) {
        return name + '\u0000' + environment;
    }
}
