package io.slipway.backup;

import java.util.Map;

/**
 * What a restore did.
 *
 * @param app          the app
 * @param backupId     the backup restored
 * @param database     the app's database file
 * @param restoredTo   where the restored database was written: the database itself, or a file beside it
 * @param safetyBackup the backup taken of the database it replaced, or null (restored beside, or no database yet)
 * @param rows         rows per table of the restored database
 */
public record RestoreResult(String app, String backupId, String database, String restoredTo, String safetyBackup,
                            Map<String, Long> rows) {
}
