package io.slipway.gateway;

import io.netty.util.concurrent.EventExecutor;

/**
 * The client-side timeouts of one connection, on one {@link Deadline}: the first request head
 * must be complete within {@code headTimeout} of accept; after each response a keep-alive
 * connection may stay silent for {@code idleTimeout}; once the first byte of a next head came,
 * that head must be complete within {@code headTimeout} (slow clients, slowloris). While a request
 * is being served none of these run (the upstream timeout does).
 *
 * <p>{@link ProxyHandler} feeds it: raw bytes before the codec, decoded heads and finished
 * responses after it. Heads are counted against responses, so a pipelined request keeps the
 * clock stopped until its response is out too.
 */
final class ClientClock {
    /** What to do when a timeout passes. */
    interface Expiry {
        /**
         * @param headStarted a byte of a request head arrived (answer 408) or not (just close)
         * @param idle        the keep-alive idle timeout passed, not a head timeout
         */
        void expired(boolean headStarted, boolean idle);
    }

    private final long headNanos;
    private final long idleNanos;
    private final Deadline deadline;
    /** Heads received minus responses finished: 0 while waiting for the next head. */
    private int pending;
    private boolean headStarted;
    private boolean idle;

    ClientClock(EventExecutor loop, long headNanos, long idleNanos, Expiry expiry) {
        this.headNanos = headNanos;
        this.idleNanos = idleNanos;
        this.deadline = new Deadline(loop, () -> expiry.expired(headStarted, idle));
    }

    /** The connection was accepted: the first head is due within the head timeout from now. */
    void accepted() {
        deadline.restart(headNanos);
    }

    /** Bytes arrived from the client (before decoding). */
    void bytes() {
        if (pending == 0 && !headStarted) {
            headStarted = true;
            if (idle) {
                idle = false;
                deadline.restart(headNanos);
            }
        }
    }

    /** A request head was decoded. */
    void head() {
        pending++;
        headStarted = false;
        idle = false;
        deadline.stop();
    }

    /** A final response was sent completely. */
    void responded() {
        if (pending > 0 && --pending == 0) {
            idle = true;
            deadline.restart(idleNanos);
        }
    }

    /** The connection closed or left HTTP (a tunnel): no timeout applies any more. */
    void stop() {
        pending = Integer.MIN_VALUE / 2;
        deadline.cancel();
    }
}
