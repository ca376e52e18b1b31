package io.slipway.gateway;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * Keeps an event loop polling for ready events for a short window before it blocks, when events
 * have recently come sooner than the window: under load the next request usually arrives within
 * microseconds, and catching it by polling saves the sleep and wake-up of the loop's thread.
 *
 * <p>Why it matters: on virtual machines whose idle CPUs halt at once (no halt polling in the
 * guest, as on the machines Slipway is benchmarked on), every sleep of the loop can let its CPU
 * halt, and every wake-up then waits for the hypervisor to run that CPU again. nginx leaves the
 * CPUs idle less than a Netty loop does for the same traffic (docs/performance.md, "How p99 follows
 * CPU per request, and idle polling"); polling before blocking is what Seastar ({@code
 * --idle-poll-time-us}) and the kernel's own guest halt polling do for the same reason. It pays only
 * while the loop has idle moments to fill: a loop kept busy by its work per request gains nothing.
 *
 * <p>The window adapts to what polling achieves: a poll that caught an event doubles it (up to
 * {@code maxNanos}), one that ran out halves it, and below {@link #GROW_START_NANOS} it closes. A
 * closed window opens again (at {@link #GROW_START_NANOS}) when the loop is back within {@code
 * maxNanos} of having gone to block, i.e. when events again come that close together. So a lightly
 * loaded gateway does not poll at all; the CPU spent polling is at most {@code maxNanos} per idle
 * period, and only while events keep arriving within it. Between polls the thread yields, so a
 * process runnable on the same CPU (the upstream, often) is not kept waiting by the poll.
 *
 * <p>Used by one event loop thread only.
 */
final class IdlePoll implements SelectStrategy {
    /** The window a closed one opens at, and the smallest one kept open. */
    static final long GROW_START_NANOS = 10_000;

    private final long maxNanos;
    /** The window a closed one opens at and the smallest kept open: {@link #GROW_START_NANOS}, or less if the max is less. */
    private final long smallestNanos;
    private long windowNanos;
    /** When the loop last went to block, or 0 if it did not block last time. */
    private long blockedSince;

    /** {@code maxNanos}: the longest window; positive. */
    IdlePoll(long maxNanos) {
        if (maxNanos <= 0) {
            throw new IllegalArgumentException("idle poll window must be positive: " + maxNanos);
        }
        this.maxNanos = maxNanos;
        this.smallestNanos = Math.min(GROW_START_NANOS, maxNanos);
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        long now = System.nanoTime();
        if (blockedSince != 0) {
            woke(now - blockedSince);
            blockedSince = 0;
        }
        if (hasTasks) {
            return selectNow.get();
        }
        if (windowNanos > 0) {
            long end = now + windowNanos;
            do {
                int ready = selectNow.get();
                if (ready != 0) {
                    caught();
                    return ready;
                }
                Thread.yield();
            } while (System.nanoTime() - end < 0);
            missed();
        }
        blockedSince = System.nanoTime();
        return SELECT;
    }

    /** The loop is back {@code sinceBlockedNanos} after it went to block (that includes handling what woke it). */
    void woke(long sinceBlockedNanos) {
        if (windowNanos == 0 && sinceBlockedNanos <= maxNanos) {
            windowNanos = smallestNanos;
        }
    }

    /** A poll found events before its window ran out. */
    void caught() {
        windowNanos = Math.min(windowNanos * 2, maxNanos);
    }

    /** A poll's window ran out without events: the loop blocks now. */
    void missed() {
        windowNanos /= 2;
        if (windowNanos < smallestNanos) {
            windowNanos = 0;
        }
    }

    /** The current window, for tests. */
    long windowNanos() {
        return windowNanos;
    }
}
