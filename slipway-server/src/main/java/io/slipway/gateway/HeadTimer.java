package io.slipway.gateway;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The upstream-timeout of one client connection: fires {@code onTimeout} when no response head
 * arrived {@code timeoutNanos} after the last request byte was sent. One task is re-armed per
 * connection instead of one scheduled (and cancelled) per request; runs on the connection's loop.
 */
final class HeadTimer {
    private final EventExecutor loop;
    private final long timeoutNanos;
    private final Runnable onTimeout;
    private boolean waiting;
    private long deadline;
    private boolean scheduled;

    HeadTimer(EventExecutor loop, long timeoutNanos, Runnable onTimeout) {
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
        this.onTimeout = onTimeout;
    }

    /** Starts or restarts the wait for a response head. */
    void restart() {
        waiting = true;
        deadline = System.nanoTime() + timeoutNanos;
        if (!scheduled) {
            schedule(timeoutNanos);
        }
    }

    void stop() {
        waiting = false;
    }

    private void schedule(long delayNanos) {
        scheduled = true;
        loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        scheduled = false;
        if (!waiting) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            schedule(left);
        } else {
            waiting = false;
            onTimeout.run();
        }
    }
}
