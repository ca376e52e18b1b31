package io.slipway.sdk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Count, sum, sum of squares and distinct units of one batch entry. Synchronized: recording is one short
 * critical section per call, off the {@code isEnabled} hot path. A drained empty tally is retired so its
 * map entry can go; a recorder still holding it sees that and records into a fresh one, so no value is lost.
 */
final class Tally {
    /** Units kept per entry; enough for a per-unit analysis without letting one hot flag grow a batch unbounded. */
    static final int MAX_UNITS = 1000;

    private long count;
    private double sum;
    private double sumSquares;
    private Set<String> units = new LinkedHashSet<>();
    private boolean retired;

    /** Adds a value seen for {@code unit} (null for none); false when retired, so the caller takes a new tally. */
    synchronized boolean add(double value, String unit) {
        if (retired) {
            return false;
        }
        count++;
        sum += value;
        sumSquares += value * value;
        if (unit != null && units.size() < MAX_UNITS) {
            units.add(unit);
        }
        return true;
    }

    /** What was recorded since the last drain, then starts over; retires the tally when nothing was. */
    synchronized Drained drain() {
        if (count == 0) {
            retired = true;
            return null;
        }
        Drained drained = new Drained(count, sum, sumSquares, new ArrayList<>(units));
        count = 0;
        sum = 0;
        sumSquares = 0;
        units = new LinkedHashSet<>();
        return drained;
    }

    /** A drained tally. */
    record Drained(long count, double sum, double sumSquares, List<String> units) {
    }
}
