package io.slipway.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.slipway.backup.CaptureStatus;
import io.slipway.backup.Replicas;
import io.slipway.backup.ReplicaStatus;

/**
 * Continuous capture (point-in-time recovery) on {@code /metrics}, per app with backup.pitr: whether it
 * runs, seconds since its last successful poll, and the size of the generation it writes, so an alert
 * can say "PITR stopped" or "the recovery point is minutes old" before anyone needs a restore.
 */
public final class PitrMetrics {
    private PitrMetrics() {
    }

    /** Three gauges per app {@code replicas} captures, tagged with the app. */
    public static void register(MeterRegistry registry, Replicas replicas) {
        for (String app : replicas.apps()) {
            Gauge.builder("slipway_pitr_up", replicas, r -> r.capture(app).map(CaptureStatus::up).orElse(false) ? 1 : 0)
                    .strongReference(true).tag("app", app)
                    .description("1 while the app's WAL is captured continuously, 0 while capture is not running")
                    .register(registry);
            Gauge.builder("slipway_pitr_capture_lag_seconds", replicas, r -> lagSeconds(r, app))
                    .strongReference(true).tag("app", app)
                    .description("Seconds since the last successful capture poll: the recovery point now (NaN: never"
                            + " captured)").register(registry);
            // Lists the generation's files on each scrape, on the scraping thread, never on the capture thread.
            Gauge.builder("slipway_pitr_replica_bytes", replicas,
                            r -> r.replica(app).map(ReplicaStatus::bytes).map(Long::doubleValue).orElse(Double.NaN))
                    .strongReference(true).tag("app", app)
                    .description("Bytes of the replica generation being written (NaN: capture never started)")
                    .register(registry);
        }
    }

    private static double lagSeconds(Replicas replicas, String app) {
        return replicas.capture(app).map(CaptureStatus::lagMillis).map(ms -> ms / 1000.0).orElse(Double.NaN);
    }
}
