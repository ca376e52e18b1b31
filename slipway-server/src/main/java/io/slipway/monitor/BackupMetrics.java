package io.slipway.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.slipway.config.AppConfig;
import io.slipway.store.BackupRepository;
import io.slipway.store.BackupRepository.StoredBackup;

import java.util.Collection;
import java.util.List;

/**
 * Backups on {@code /metrics}, per app with a backup: block — when the last backup succeeded, whether
 * the last verification passed, and failed backups among the recent ones — so an alert can say "no
 * good backup for 26 h" or "the latest backup does not restore".
 */
public final class BackupMetrics {
    private static final int RECENT = 50;

    private BackupMetrics() {
    }

    public static void register(MeterRegistry registry, BackupRepository backups, Collection<AppConfig> apps) {
        for (AppConfig app : apps) {
            if (app.backup() == null) {
                continue;
            }
            String name = app.name();
            Gauge.builder("slipway_backup_last_success_timestamp_seconds", backups,
                            b -> lastDone(b.list(name, RECENT)))
                    .strongReference(true).tag("app", name)
                    .description("When the app's last successful backup finished (0: none)").register(registry);
            Gauge.builder("slipway_backup_last_verification_ok", backups, b -> lastVerification(b, name))
                    .strongReference(true).tag("app", name)
                    .description("1 when the latest verified backup passed, 0 when it failed, -1 when none was verified")
                    .register(registry);
            Gauge.builder("slipway_backup_recent_failures", backups,
                            b -> b.list(name, RECENT).stream().filter(x -> x.status().equals("FAILED")).count())
                    .strongReference(true).tag("app", name)
                    .description("Failed backups among the app's last " + RECENT).register(registry);
        }
    }

    private static double lastDone(List<StoredBackup> recent) {
        return recent.stream().filter(b -> b.status().equals("DONE") && b.finishedAt() != null).findFirst()
                .map(b -> b.finishedAt().toEpochMilli() / 1000.0).orElse(0.0);
    }

    private static double lastVerification(BackupRepository backups, String app) {
        for (StoredBackup b : backups.list(app, RECENT)) {
            List<BackupRepository.Verification> v = backups.verifications(b.id());
            if (!v.isEmpty()) {
                return v.get(0).ok() ? 1 : 0;
            }
        }
        return -1;
    }
}
