package io.slipway.backup;

import java.util.List;
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
 * @param stoppedVersions the versions stopped for the restore and started again after it (empty unless
 *                        {@link RestoreMode#STOP_APP} found some running)
 */
public record RestoreResult(String app, String backupId, String database, String restoredTo, String safetyBackup,
                            Map<String, Long> rows, List<String> stoppedVersions) {
    public RestoreResult {
        stoppedVersions = List.copyOf(stoppedVersions);
    }
}
