package io.slipway.analysis;

import io.slipway.analysis.AppMetrics.Reading;
import io.slipway.analysis.PrometheusText.Sample;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The scrapes of one version's instances over the last {@link #RETENTION} and the values queries read
 * from them. Pure: time comes in as arguments, so the counter arithmetic is tested without sockets.
 *
 * <p>Increase follows Prometheus' {@code increase()} per series: each pair of consecutive scrapes of a
 * series adds the difference or, when the value went down (the counter restarted with its process),
 * the new value. Unlike {@code increase()} it does not extrapolate: the window starts at a real scrape
 * (the newest at or before now - window), so an increase is exact up to what a counter gained before
 * a restart since the scrape before it. A series that appears on an instance which an earlier scrape
 * in the window saw without it started from 0 in between and adds its whole value: counters labelled
 * by status come into being with their first request, and a version's first 5xx must not be lost.
 * An instance first seen during the window adds only what it gained from its first scrape on, since
 * its count before cannot be told apart from a count it had long before the window.
 */
final class AppMetricsHistory {
    static final Duration RETENTION = Duration.ofMinutes(15);
    /** Every scrape keeps all samples of all instances; a scrape every 3 s still fills the retention. */
    static final int MAX_SCRAPES = 300;

    private final List<Scrape> scrapes = new ArrayList<>();

    /** The samples of every instance of a version at one moment. */
    record Scrape(Instant at, Map<URI, List<Sample>> instances) {
        Scrape {
            instances = Map.copyOf(instances);
        }
    }

    private record Series(String name, Map<String, String> labels) {
    }

    /**
     * Adds the latest scrape and drops those older than the retention needs.
     *
     * @throws IllegalArgumentException when it is older than the latest one held
     */
    synchronized void add(Scrape scrape) {
        if (!scrapes.isEmpty() && scrape.at().isBefore(scrapes.get(scrapes.size() - 1).at())) {
            throw new IllegalArgumentException("scrape at " + scrape.at() + " is older than the latest one at "
                    + scrapes.get(scrapes.size() - 1).at());
        }
        scrapes.add(scrape);
        // one scrape at or before the cutoff stays: it starts a window as long as the retention
        Instant cutoff = scrape.at().minus(RETENTION);
        while (scrapes.size() > MAX_SCRAPES || (scrapes.size() > 1 && !scrapes.get(1).at().isAfter(cutoff))) {
            scrapes.remove(0);
        }
    }

    synchronized int size() {
        return scrapes.size();
    }

    /** A query's value over the window ending now. */
    synchronized Reading read(AppQuery query, Instant now, Duration window) {
        Instant start = now.minus(window);
        List<Scrape> inWindow = window(start);
        return switch (query.kind()) {
            case INCREASE -> increase(inWindow, query.series());
            case GAUGE -> gauge(inWindow, start, query.series());
            case RATIO -> ratio(increase(inWindow, query.series()), increase(inWindow, query.denominator()));
        };
    }

    /** From the newest scrape at or before {@code start} (else the oldest) to the latest. */
    private List<Scrape> window(Instant start) {
        int first = 0;
        for (int i = 0; i < scrapes.size() && !scrapes.get(i).at().isAfter(start); i++) {
            first = i;
        }
        return scrapes.subList(first, scrapes.size());
    }

    private static Reading increase(List<Scrape> scrapes, SeriesSelector selector) {
        if (scrapes.size() < 2) {
            return new Reading(Double.NaN, scrapes.size(), 0, Duration.ZERO);
        }
        double total = 0;
        int instances = 0;
        for (URI instance : instances(scrapes)) {
            OptionalDouble increase = increase(snapshots(scrapes, instance, selector));
            if (increase.isPresent()) {
                total += increase.getAsDouble();
                instances++;
            }
        }
        Duration span = Duration.between(scrapes.get(0).at(), scrapes.get(scrapes.size() - 1).at());
        return new Reading(instances == 0 ? Double.NaN : total, scrapes.size(), instances, span);
    }

    /** One instance's increase over its snapshots; empty when no snapshot had a matching series. */
    private static OptionalDouble increase(List<Map<Series, Double>> snapshots) {
        Map<Series, Double> last = new HashMap<>(snapshots.get(0));
        boolean seen = !last.isEmpty();
        double total = 0;
        for (Map<Series, Double> snapshot : snapshots.subList(1, snapshots.size())) {
            for (Map.Entry<Series, Double> e : snapshot.entrySet()) {
                Double before = last.put(e.getKey(), e.getValue());
                total += before == null || e.getValue() < before ? e.getValue() : e.getValue() - before;
                seen = true;
            }
        }
        return seen ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    private static Reading gauge(List<Scrape> scrapes, Instant start, SeriesSelector selector) {
        Scrape latest = scrapes.isEmpty() ? null : scrapes.get(scrapes.size() - 1);
        if (latest == null || latest.at().isBefore(start)) {
            return new Reading(Double.NaN, 0, 0, Duration.ZERO);
        }
        double sum = 0;
        int instances = 0;
        for (List<Sample> samples : latest.instances().values()) {
            List<Sample> matching = samples.stream().filter(selector::matches).toList();
            if (!matching.isEmpty()) {
                sum += matching.stream().mapToDouble(Sample::value).sum();
                instances++;
            }
        }
        return new Reading(instances == 0 ? Double.NaN : sum / instances, 1, instances, Duration.ZERO);
    }

    private static Reading ratio(Reading part, Reading whole) {
        // a counter labelled by status exists from its first such request on: none yet is 0, not unknown
        double numerator = Double.isNaN(part.value()) ? 0 : part.value();
        double value = whole.value() > 0 ? numerator / whole.value() : Double.NaN;
        return new Reading(value, whole.scrapes(), whole.instances(), whole.span());
    }

    private static Set<URI> instances(List<Scrape> scrapes) {
        Set<URI> instances = new LinkedHashSet<>();
        scrapes.forEach(s -> instances.addAll(s.instances().keySet()));
        return instances;
    }

    /** The matching series of one instance, scrape by scrape, leaving out scrapes it was not part of. */
    private static List<Map<Series, Double>> snapshots(List<Scrape> scrapes, URI instance, SeriesSelector selector) {
        List<Map<Series, Double>> snapshots = new ArrayList<>();
        for (Scrape scrape : scrapes) {
            List<Sample> samples = scrape.instances().get(instance);
            if (samples != null) {
                Map<Series, Double> values = new HashMap<>();
                samples.stream().filter(selector::matches)
                        .forEach(s -> values.put(new Series(s.name(), s.labels()), s.value()));
                snapshots.add(values);
            }
        }
        return snapshots;
    }
}
