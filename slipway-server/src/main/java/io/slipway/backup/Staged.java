package io.slipway.backup;

import io.slipway.config.AppConfig;
import io.slipway.config.DatabaseConfig;
import io.slipway.store.BackupRepository.StoredBackup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A database read back into a staging file beside its restore target and checked there, before anything
 * is stopped or replaced: a bad backup or a damaged replica changes nothing.
 *
 * @param file   the staging file, moved into place by the restore (deleted by it otherwise)
 * @param source what it was read from: a backup id, or {@code pitr@<instant captured>}
 * @param rows   rows per table
 */
record Staged(Path file, String source, Map<String, Long> rows) {

    /** The backup's archive read back and checked like a verification: checksums, key, integrity, rows. */
    static Staged fromArchive(AppConfig config, StoredBackup backup, byte[] key, BackupEngine engine,
                              DatabaseConfig target) {
        BackupManifest manifest = Backups.manifest(backup);
        Path staged = engine.staging(target, config.backup().dir(), backup.id());
        Backups.deleteQuietly(staged);
        try {
            BackupArchive.read(Path.of(backup.file()), key, staged);
        } catch (IOException e) {
            throw new BackupException("cannot read backup " + backup.id() + " (" + backup.file() + "): " + e.getMessage(), e);
        }
        BackupEngine.Checked checked = engine.check(config.database(), staged, manifest);
        if (!checked.ok()) {
            Backups.deleteQuietly(staged);
            throw new BackupException(BackupException.Kind.CORRUPT, "backup " + backup.id()
                    + " does not restore to what it recorded: " + checked.message() + "; nothing was changed");
        }
        return new Staged(staged, backup.id(), manifest.rows());
    }

    /**
     * The app's PITR replica as of {@code time}: every file's digest (and with {@code key}, authentication)
     * and integrity_check checked on the way.
     */
    static Staged fromReplica(AppConfig config, Instant time, byte[] key, DatabaseConfig target) {
        Path staged = new SqliteEngine().staging(target, config.backup().dir(), "pitr");
        Backups.deleteQuietly(staged);
        try {
            PointInTimeResult result = PointInTimeRestore.restore(Replicas.dir(config), time, staged, key);
            return new Staged(staged, "pitr@" + result.restoredTo(), SqliteDatabase.inspect(staged, false).rows());
        } catch (ReplicaException e) {
            Backups.deleteQuietly(staged);
            throw new BackupException(e instanceof RestoreRefusedException ? BackupException.Kind.INVALID
                    : BackupException.Kind.FAILED, e.getMessage() + "; nothing was changed", e);
        }
    }
}
