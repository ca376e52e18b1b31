package io.slipway.gateway;

import java.util.function.LongSupplier;

/**
 * Passive ejection of one upstream, fed with request outcomes (pure, no I/O; time through
 * {@code nanoTime}).
 *
 * <p>{@code ejectAfter} consecutive failures (connect errors, 5xx) take the upstream out of
 * rotation for {@code ejectFor}; each repeated ejection doubles that, up to 12×. Once the time is
 * up the upstream is half-open: it gets traffic again, one more failure ejects it again for the
 * longer time, one success forgets the streak and the backoff. Failures reported while ejected
 * (requests that started before) do not extend it.
 */
final class Ejection {
    static final int MAX_FACTOR = 12;

    private final int ejectAfter;
    private final long ejectForNanos;
    private final LongSupplier nanoTime;
    private int failures;
    private int ejections;
    private boolean halfOpen;
    private long until;
    private boolean ejected;

    Ejection(int ejectAfter, long ejectForNanos, LongSupplier nanoTime) {
        this.ejectAfter = Math.max(1, ejectAfter);
        this.ejectForNanos = ejectForNanos;
        this.nanoTime = nanoTime;
    }

    /** Records a failure; returns the ejection time in nanos if it ejected the upstream, else 0. */
    synchronized long failure() {
        if (ejected()) {
            return 0;
        }
        failures++;
        if (!halfOpen && failures < ejectAfter) {
            return 0;
        }
        long factor = Math.min(MAX_FACTOR, 1L << Math.min(ejections, 4));
        long duration = ejectForNanos * factor;
        ejections++;
        failures = 0;
        halfOpen = true;
        ejected = true;
        until = nanoTime.getAsLong() + duration;
        return duration;
    }

    /** Records a success: the streak and the backoff start over. */
    synchronized void success() {
        if (ejected()) {
            return;
        }
        failures = 0;
        ejections = 0;
        halfOpen = false;
    }

    /** Out of rotation right now. */
    synchronized boolean ejected() {
        if (ejected && nanoTime.getAsLong() - until >= 0) {
            ejected = false;
        }
        return ejected;
    }

    synchronized int ejections() {
        return ejections;
    }
}
