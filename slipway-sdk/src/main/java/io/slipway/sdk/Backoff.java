package io.slipway.sdk;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnection delays: doubling from {@code min} up to {@code max}, each drawn at random from the upper
 * half of its range ("equal jitter") so that a thousand clients dropped by one server restart do not
 * all come back in the same millisecond. Not thread-safe: one sync thread owns it.
 */
final class Backoff {
    private final long maxNanos;
    private final DoubleSupplier random;
    private long minNanos;
    private long ceilingNanos;

    /** @param random uniform in [0, 1) */
    Backoff(Duration min, Duration max, DoubleSupplier random) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.ceilingNanos = minNanos;
        this.random = random;
    }

    /** The delay before the next attempt, in nanoseconds. */
    long next() {
        long ceiling = ceilingNanos;
        ceilingNanos = Math.min(maxNanos, ceiling * 2);
        long half = ceiling / 2;
        return half + (long) (random.getAsDouble() * (ceiling - half));
    }

    /** A connection worked: the next failure starts again from the minimum. */
    void reset() {
        ceilingNanos = minNanos;
    }

    /** The server's SSE {@code retry} hint becomes the minimum, kept within [1 ms, max]. */
    void retryHint(long millis) {
        minNanos = Math.max(1_000_000, Math.min(maxNanos, Duration.ofMillis(millis).toNanos()));
        ceilingNanos = minNanos;
    }
}
