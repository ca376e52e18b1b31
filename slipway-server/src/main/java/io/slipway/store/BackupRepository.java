package io.slipway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Backups of apps' databases and their verifications, as the backup service records them. */
public final class BackupRepository {
    private final Store store;

    public BackupRepository(Store store) {
        this.store = store;
    }

    /**
     * One backup. {@code status}: RUNNING, DONE, FAILED, or PRUNED (its files removed by retention).
     */
    public record StoredBackup(String id, String app, String kind, String status, Instant startedAt,
                               Instant finishedAt, String file, Long storedBytes, String manifestJson, String error,
                               String by, String reason) {
    }

    /** One verification of a backup: what was checked and found. */
    public record Verification(long id, String backupId, Instant at, boolean ok, String message, String detailsJson) {
    }

    public void started(String id, String app, String kind, Instant at, String by, String reason) {
        store.write(c -> Sql.update(c, "INSERT INTO backups (id, app, kind, status, started_at, by_who, reason)"
                + " VALUES (?,?,?,'RUNNING',?,?,?)", id, app, kind, at, by, reason));
    }

    public void finished(String id, String file, long storedBytes, String manifestJson, Instant at) {
        store.write(c -> Sql.update(c, "UPDATE backups SET status = 'DONE', file = ?, stored_bytes = ?,"
                + " manifest_json = ?, finished_at = ? WHERE id = ?", file, storedBytes, manifestJson, at, id));
    }

    public void failed(String id, String error, Instant at) {
        store.write(c -> Sql.update(c, "UPDATE backups SET status = 'FAILED', error = ?, finished_at = ? WHERE id = ?",
                error, at, id));
    }

    public void pruned(String id) {
        store.write(c -> Sql.update(c, "UPDATE backups SET status = 'PRUNED' WHERE id = ?", id));
    }

    public Optional<StoredBackup> find(String id) {
        return store.read(c -> Sql.one(c, "SELECT * FROM backups WHERE id = ?", BackupRepository::backup, id));
    }

    /** The app's backups, newest first, every status. */
    public List<StoredBackup> list(String app, int limit) {
        return store.read(c -> Sql.query(c, "SELECT * FROM backups WHERE app = ? ORDER BY started_at DESC, id DESC"
                + " LIMIT ?", BackupRepository::backup, app, limit));
    }

    public void verified(String backupId, Instant at, boolean ok, String message, String detailsJson) {
        store.write(c -> Sql.update(c, "INSERT INTO backup_verifications (backup_id, at, ok, message, details_json)"
                + " VALUES (?,?,?,?,?)", backupId, at, ok ? 1 : 0, message, detailsJson));
    }

    /** A backup's verifications, newest first. */
    public List<Verification> verifications(String backupId) {
        return store.read(c -> Sql.query(c, "SELECT * FROM backup_verifications WHERE backup_id = ? ORDER BY id DESC",
                BackupRepository::verification, backupId));
    }

    private static StoredBackup backup(ResultSet rs) throws SQLException {
        long bytes = rs.getLong("stored_bytes");
        return new StoredBackup(rs.getString("id"), rs.getString("app"), rs.getString("kind"), rs.getString("status"),
                Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"), rs.getString("file"),
                rs.wasNull() ? null : bytes, rs.getString("manifest_json"), rs.getString("error"), rs.getString("by_who"),
                rs.getString("reason"));
    }

    private static Verification verification(ResultSet rs) throws SQLException {
        return new Verification(rs.getLong("id"), rs.getString("backup_id"), Sql.instant(rs, "at"), rs.getInt("ok") == 1,
                rs.getString("message"), rs.getString("details_json"));
    }
}
