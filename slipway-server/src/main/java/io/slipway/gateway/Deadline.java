package io.slipway.gateway;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A re-armable deadline on one event loop: {@code onExpiry} runs once the deadline set by the last
 * {@link #restart} has passed, unless {@link #stop} came first.
 *
 * <p>Restarts are cheap: one scheduled task serves many of them. When it fires before a deadline
 * that moved later, it schedules itself for the rest; only a deadline earlier than the task's
 * firing time schedules a new task, and the superseded one is cancelled.
 * Not thread-safe: used from the loop only.
 */
final class Deadline {
    private final EventExecutor loop;
    private final Runnable onExpiry;
    private boolean waiting;
    private long deadline;
    /** The one scheduled task, or null; it fires at {@code firesAt}. */
    private ScheduledFuture<?> task;
    private long firesAt;

    Deadline(EventExecutor loop, Runnable onExpiry) {
        this.loop = loop;
        this.onExpiry = onExpiry;
    }

    /** Expires {@code timeoutNanos} from now (replacing any earlier deadline). */
    void restart(long timeoutNanos) {
        waiting = true;
        deadline = System.nanoTime() + timeoutNanos;
        if (task == null || deadline - firesAt < 0) {
            schedule();
        }
    }

    /** No expiry until the next {@link #restart}; the scheduled task stays for the next restart to reuse. */
    void stop() {
        waiting = false;
    }

    /**
     * Stops for good (the connection closed): the scheduled task is taken off the loop too. Left there
     * until it fired, it would keep the connection's handler and buffers reachable for up to the idle
     * timeout: a burst of short connections then filled the old generation and cost a 180 ms full GC
     * (docs/performance.md).
     */
    void cancel() {
        waiting = false;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void schedule() {
        if (task != null) {
            task.cancel(false); // superseded by an earlier deadline: not kept until its later time
        }
        firesAt = deadline;
        task = loop.schedule(this::fired, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** Runs only for the current task: a cancelled one never runs (Netty drops it, even when already due). */
    private void fired() {
        task = null;
        if (!waiting) {
            return;
        }
        if (deadline - System.nanoTime() > 0) {
            schedule();
        } else {
            waiting = false;
            onExpiry.run();
        }
    }
}
