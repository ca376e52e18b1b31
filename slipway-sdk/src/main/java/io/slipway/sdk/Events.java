package io.slipway.sdk;

import io.slipway.flags.FlagContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exposures, metrics and experiment results gathered in memory between two posts, aggregated per
 * (flag, variant, enabled[, metric]) as the events endpoint expects them.
 */
final class Events {
    /** Distinct entries kept per interval; beyond it new ones are counted as dropped, not kept. */
    static final int MAX_ENTRIES = 10_000;

    private record Key(String flag, String variant, boolean enabled, String metric) {
    }

    private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();
    private final Map<String, ExperimentStats> experiments = new ConcurrentHashMap<>();
    private final AtomicLong droppedEntries = new AtomicLong();

    void expose(String flag, String variant, boolean enabled, FlagContext context) {
        record(new Key(flag, variant, enabled, null), 1, context);
    }

    void metric(String flag, String variant, boolean enabled, String metric, double value, FlagContext context) {
        record(new Key(flag, variant, enabled, metric), value, context);
    }

    private void record(Key key, double value, FlagContext context) {
        String unit = context.userId() != null ? context.userId() : context.sessionId();
        while (true) {
            Tally tally = tallies.get(key);
            if (tally == null) {
                if (tallies.size() >= MAX_ENTRIES) {
                    droppedEntries.incrementAndGet();
                    return;
                }
                tally = tallies.computeIfAbsent(key, k -> new Tally());
            }
            if (tally.add(value, unit)) {
                return;
            }
            tallies.remove(key, tally);
        }
    }

    /**
     * The experiment's statistics, shared by every {@link Experiment} built with that name.
     *
     * @throws IllegalArgumentException when the name is already used with another flag
     */
    ExperimentStats experiment(String name, String flag) {
        ExperimentStats stats = experiments.computeIfAbsent(name, n -> new ExperimentStats(n, flag));
        if (!stats.flag().equals(flag)) {
            throw new IllegalArgumentException("experiment " + name + ": already runs on flag " + stats.flag()
                    + ", not " + flag);
        }
        return stats;
    }

    /** Everything recorded since the last drain, as one batch, and starts over. */
    EventBatch drain(String appName, String environment, String instance, Instant at) {
        List<EventBatch.Exposure> exposures = new ArrayList<>();
        List<EventBatch.Metric> metrics = new ArrayList<>();
        tallies.forEach((key, tally) -> {
            Tally.Drained d = tally.drain();
            if (d == null) {
                tallies.remove(key, tally);
            } else if (key.metric() == null) {
                exposures.add(new EventBatch.Exposure(key.flag(), key.variant(), key.enabled(), d.count(), d.units()));
            } else {
                metrics.add(new EventBatch.Metric(key.flag(), key.variant(), key.enabled(), key.metric(), d.count(),
                        d.sum(), d.sumSquares(), d.units()));
            }
        });
        List<EventBatch.ExperimentResult> results = new ArrayList<>();
        experiments.values().forEach(e -> e.drain().ifPresent(results::add));
        return new EventBatch(appName, environment, instance, at.toString(), exposures, metrics, results);
    }

    long droppedEntries() {
        return droppedEntries.get();
    }
}
