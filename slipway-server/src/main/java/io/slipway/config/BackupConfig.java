package io.slipway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How an app's database is backed up.
 *
 * @param dir            where backups and their manifests go
 * @param schedule       cron expression of scheduled backups ("0 3 * * *", @daily), or null for none
 * @param keepLast       retention: the newest N backups
 * @param hourly         retention: the newest backup of each of the last N hours
 * @param daily          retention: … of each of the last N days
 * @param weekly         retention: … of each of the last N ISO weeks
 * @param compress       gzip the backups
 * @param keyEnv         environment variable holding a 32-byte AES-256-GCM key (base64), or null
 * @param keyFile        file holding that key, or null; neither: not encrypted
 * @param verifyAfter    verify every backup right after taking it (restore into a scratch location)
 * @param verifySchedule cron expression of re-verifying the latest backup, or null
 * @param pitr           continuous WAL capture for point-in-time recovery (SQLite only), or null for off
 */
public record BackupConfig(Path dir, String schedule, int keepLast, int hourly, int daily, int weekly,
                           boolean compress, String keyEnv, Path keyFile, boolean verifyAfter, String verifySchedule,
                           Pitr pitr) {
    /**
     * Continuous capture of the SQLite write-ahead log.
     *
     * @param interval  how often new WAL frames are captured: the recovery point
     * @param retention how far back a restore can go
     */
    public record Pitr(Duration interval, Duration retention) {
    }

    public boolean encrypted() {
        return keyEnv != null || keyFile != null;
    }
}
