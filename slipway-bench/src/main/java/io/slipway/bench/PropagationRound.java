package io.slipway.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One flag change as the clients see it: when each client's change listener first got a ruleset newer
 * than the one every client held before the change. The threshold is known before the request is sent,
 * so a client that hears of the change before the API has answered is not missed.
 */
final class PropagationRound {
    private final long before;
    private final long startNanos;
    private final AtomicLongArray arrivedNanos;
    private final AtomicLongArray versions;
    private final CountDownLatch pending;

    /** @param before the version every client holds now; the change makes a higher one */
    PropagationRound(long before, int clients, long startNanos) {
        this.before = before;
        this.startNanos = startNanos;
        this.arrivedNanos = new AtomicLongArray(clients);
        this.versions = new AtomicLongArray(clients);
        this.pending = new CountDownLatch(clients);
    }

    /** Called by client {@code client}'s listener, on its sync thread, with the version it now evaluates. */
    void seen(int client, long version, long nowNanos) {
        // 0 marks "not yet": System.nanoTime() landing on exactly 0 is not a case worth a flag array.
        if (version > before && arrivedNanos.compareAndSet(client, 0, nowNanos)) {
            versions.set(client, version);
            pending.countDown();
        }
    }

    /** Waits until every client has seen the change, or the timeout; true when all have. */
    boolean await(long timeoutNanos) throws InterruptedException {
        return pending.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Nanoseconds from the request to client {@code client} seeing the change, or -1 if it has not. */
    long latencyNanos(int client) {
        long at = arrivedNanos.get(client);
        return at == 0 ? -1 : at - startNanos;
    }

    /** The version client {@code client} first saw after the change, or 0 if none. */
    long versionSeen(int client) {
        return versions.get(client);
    }
}
