package io.slipway.supervisor;

import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Delivers events in order on one thread of its own, so that a listener may call back into the
 * supervisor or block without holding the supervisor's lock.
 */
final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    private final List<Consumer<SupervisorEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            new DefaultThreadFactory("slipway-supervisor-events", true));

    void add(Consumer<SupervisorEvent> listener) {
        listeners.add(listener);
    }

    void emit(SupervisorEvent event) {
        if (!delivery.isShutdown()) {
            delivery.execute(() -> listeners.forEach(listener -> deliver(listener, event)));
        }
    }

    private static void deliver(Consumer<SupervisorEvent> listener, SupervisorEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.warn("supervisor listener failed event={} instance={} listener={}", event.kind(), event.instanceId(), listener, e);
        }
    }

    /** Events already queued are still delivered. */
    void close() {
        delivery.shutdown();
    }
}
