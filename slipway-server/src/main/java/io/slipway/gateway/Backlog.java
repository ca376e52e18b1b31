package io.slipway.gateway;

import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Client messages that arrived before they could be handled (body parts while connecting, a
 * pipelined request while a response is pending), kept in order. Draining is not re-entrant:
 * a message handled during a drain may finish an exchange, which drains again.
 */
final class Backlog {
    private ArrayDeque<Object> queue;
    private boolean draining;

    void add(Object msg) {
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        queue.add(msg);
    }

    boolean isEmpty() {
        return queue == null || queue.isEmpty();
    }

    /** Hands messages to {@code handle} while {@code blocked} is false; false if already draining. */
    boolean drain(BooleanSupplier blocked, Consumer<Object> handle) {
        if (draining) {
            return false;
        }
        draining = true;
        try {
            Object msg;
            while (queue != null && !blocked.getAsBoolean() && (msg = queue.poll()) != null) {
                handle.accept(msg);
            }
        } finally {
            draining = false;
        }
        return true;
    }

    void release() {
        if (queue != null) {
            queue.forEach(ReferenceCountUtil::release);
            queue.clear();
        }
    }
}
