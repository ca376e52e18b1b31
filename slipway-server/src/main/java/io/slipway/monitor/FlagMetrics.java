package io.slipway.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.slipway.flags.Flags;
import io.slipway.flags.FlagsFileWatcher;

import java.util.function.IntSupplier;

/**
 * Feature-flag metrics on {@code /metrics}: changes by action ({@code slipway_flag_changes_total}),
 * the flag state's version, the SDKs connected to the change stream, and whether flags.yaml is in force.
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

    /** 1 while the flags.yaml's current content is in force, 0 while it is invalid or missing. */
    public static void file(MeterRegistry registry, FlagsFileWatcher watcher) {
        Gauge.builder("slipway_flags_file_valid", watcher, w -> w.valid() ? 1 : 0).strongReference(true)
                .description("1 when flags.yaml is applied, 0 when it is invalid or missing (the last good state"
                        + " stays in force)").register(registry);
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
