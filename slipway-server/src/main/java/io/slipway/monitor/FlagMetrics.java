package io.slipway.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.slipway.flags.Flags;

import java.util.function.IntSupplier;

/**
 * Feature-flag metrics on {@code /metrics}: changes by action ({@code slipway_flag_changes_total}),
 * the flag state's version, and the SDKs connected to the change stream.
 */
public final class FlagMetrics {
    private FlagMetrics() {
    }

    /** Counts every change {@code flags} announces and exposes its state version. */
    public static void changes(MeterRegistry registry, Flags flags) {
        flags.addListener(change -> Counter.builder("slipway_flag_changes")
                .description("Flag and segment changes, by action").tag("action", change.action().label())
                .register(registry).increment());
        Gauge.builder("slipway_flag_state_version", flags, Flags::version).strongReference(true)
                .description("Version of the flag state SDKs receive (the id of the last change)").register(registry);
    }

    /**
     * SSE clients (SDKs) connected to {@code /api/v1/flags/stream} now. Held strongly: a gauge keeps
     * only a weak reference by default, and a method reference nobody else holds reads NaN after a GC.
     */
    public static void streamClients(MeterRegistry registry, IntSupplier clients) {
        Gauge.builder("slipway_flag_stream_clients", clients, IntSupplier::getAsInt).strongReference(true)
                .description("SDKs connected to the flag change stream").register(registry);
    }
}
