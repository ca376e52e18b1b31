package io.slipway.backup;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups to keep, with the rules of {@code restic forget --keep-last --keep-hourly --keep-daily
 * --keep-weekly}:
 * <ul>
 * <li>{@code keepLast} n: the n newest items.</li>
 * <li>{@code hourly} n: for each of the n most recent hours <em>that hold at least one item</em>, the
 *     newest item of that hour.</li>
 * <li>{@code daily} n: the same with calendar days, {@code weekly} n with ISO-8601 weeks (Monday to
 *     Sunday; 31 December 2026 and 3 January 2027 are both in week 2026-W53).</li>
 * </ul>
 * Hours, days and weeks are wall-clock buckets in the zone given to {@link #keep}; an autumn
 * daylight-saving change makes two hour buckets of the two 02:00 hours. The rules are independent
 * and the result is their union, so one item may satisfy several (the newest satisfies them all).
 *
 * <p>Buckets without items do not count: "24 hourly" means the 24 most recent hours that have a
 * backup, not the 24 clock hours before now. So when backups stop (a full disk, a week offline),
 * time passing alone never deletes the backups that remain; only new backups push old ones out.
 * Items newer than {@code now} (a clock stepped back) are all kept and fill no bucket. Items with
 * the same time are ordered by their position in the list, a later position counting as newer.
 *
 * @param keepLast the newest this many are always kept
 * @param hourly   hour buckets with backups to keep the newest of
 * @param daily    day buckets with backups to keep the newest of
 * @param weekly   ISO-week buckets with backups to keep the newest of
 */
public record Retention(int keepLast, int hourly, int daily, int weekly) {
    public static final Retention DEFAULTS = new Retention(7, 24, 7, 4);

    public Retention {
        notNegative("keepLast", keepLast);
        notNegative("hourly", hourly);
        notNegative("daily", daily);
        notNegative("weekly", weekly);
        if (keepLast == 0 && hourly == 0 && daily == 0 && weekly == 0) {
            throw new IllegalArgumentException("retention: keepLast, hourly, daily and weekly are all 0,"
                    + " which would delete every backup; keep at least one (e.g. keepLast: 1)");
        }
    }

    /**
     * The items to keep, given their times, as of {@code now}; everything else may be pruned.
     * Never empty for a non-empty list: the newest item is always kept.
     *
     * @return the kept items, newest first
     */
    public <T> Set<T> keep(List<T> items, Function<T, Instant> time, Instant now, ZoneId zone) {
        List<Dated<T>> newestFirst = newestFirst(items, time);
        Set<Dated<T>> kept = new HashSet<>();
        List<Dated<T>> past = new ArrayList<>();
        for (Dated<T> item : newestFirst) {
            (item.time().isAfter(now) ? kept : past).add(item);
        }
        kept.addAll(past.subList(0, Math.min(keepLast, past.size())));
        keepNewestPerBucket(past, hourly, t -> t.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant(), kept);
        keepNewestPerBucket(past, daily, t -> LocalDate.ofInstant(t, zone), kept);
        keepNewestPerBucket(past, weekly, t -> mondayOf(t, zone), kept);
        Set<T> result = new LinkedHashSet<>();
        newestFirst.stream().filter(kept::contains).forEach(item -> result.add(item.item()));
        return Collections.unmodifiableSet(result);
    }

    /** An item with its time and list position; the position makes equal times and equal items distinct. */
    private record Dated<T>(T item, Instant time, int position) {
    }

    private static <T> List<Dated<T>> newestFirst(List<T> items, Function<T, Instant> time) {
        List<Dated<T>> dated = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            Instant at = Objects.requireNonNull(time.apply(item), () -> "retention: no time for " + item);
            dated.add(new Dated<>(item, at, i));
        }
        dated.sort(Comparator.comparing((Dated<T> d) -> d.time()).thenComparingInt(Dated::position).reversed());
        return dated;
    }

    /** Walks newest first, so each bucket's first item is its newest and buckets arrive newest first. */
    private static <T> void keepNewestPerBucket(List<Dated<T>> newestFirst, int buckets,
                                                Function<Instant, Object> bucketOf, Set<Dated<T>> kept) {
        Object current = null;
        int seen = 0;
        for (Dated<T> item : newestFirst) {
            Object bucket = bucketOf.apply(item.time());
            if (bucket.equals(current)) {
                continue;
            }
            if (seen == buckets) {
                return;
            }
            kept.add(item);
            current = bucket;
            seen++;
        }
    }

    private static LocalDate mondayOf(Instant time, ZoneId zone) {
        return LocalDate.ofInstant(time, zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static void notNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("retention." + field + ": " + value + ", must be 0 or more");
        }
    }
}
