package io.slipway.backup;

import org.sqlite.BusyHandler;

/**
 * Retries a busy lock at once, yielding the CPU in between, until a deadline. SQLite's own busy
 * handler sleeps 1, 2, 5, 10 … ms between attempts, and against an application that commits
 * back to back it kept missing the microsecond gaps between transactions: a seal waited up to
 * 0.8 s for the write lock while the WAL (and the recovery point) grew. Only capture's
 * lock-only connection uses this, and only around a seal.
 */
final class YieldingBusyHandler extends BusyHandler {
    private final long timeoutNanos;
    private long deadline;

    YieldingBusyHandler(long timeoutMillis) {
        this.timeoutNanos = timeoutMillis * 1_000_000;
    }

    @Override
    protected int callback(int previousCalls) {
        long now = System.nanoTime();
        if (previousCalls == 0) {
            deadline = now + timeoutNanos;
        }
        if (now - deadline > 0) {
            return 0;
        }
        Thread.yield();
        return 1;
    }
}
