package io.slipway.backup;

import io.slipway.config.DatabaseConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.TreeMap;

/**
 * SQLite databases: archived in one pass from a {@link SqliteSnapshot} (the backup API's copy when the
 * snapshot declines), counted in the same snapshot meanwhile, checked with integrity_check and row counts.
 */
final class SqliteEngine implements BackupEngine {
    private static final Logger log = LoggerFactory.getLogger(SqliteEngine.class);

    @Override
    public Copied backup(DatabaseConfig database, Path scratch, Path archive, ArchiveOptions options) throws IOException {
        Optional<SqliteSnapshot> pinned = SqliteSnapshot.open(database.path());
        if (pinned.isEmpty()) {
            log.info("event=backup-copy-via-backup-api db={} reason=\"WAL over {} MiB\"", database.path(),
                    SqliteSnapshot.MAX_WAL_BYTES >> 20);
            SqliteDatabase.copy(database.path(), scratch);
            // Integrity is checked where it proves something, on the copy restored from the archive
            // (verification, by default right after the backup).
            return copied(SqliteDatabase.inspect(scratch, false), BackupArchive.write(scratch, archive, options));
        }
        try (SqliteSnapshot snapshot = pinned.get()) {
            // Counted on another thread in the same snapshot while this one archives its bytes.
            CompletableFuture<SqliteDatabase.Inspection> counted = CompletableFuture.supplyAsync(() -> {
                try {
                    return SqliteDatabase.inspect(snapshot.connection(), false);
                } catch (SQLException e) {
                    throw new BackupException("cannot count the rows of " + database.path() + ": " + e.getMessage(), e);
                }
            }, runnable -> new Thread(runnable, "backup-count").start());
            ArchiveInfo info;
            try {
                info = BackupArchive.write(snapshot.content(), archive, options);
            } finally {
                joinQuietly(counted);
            }
            return copied(counted.join(), info);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Copied copied(SqliteDatabase.Inspection inspected, ArchiveInfo info) {
        return new Copied(inspected.rows(), String.valueOf(inspected.userVersion()),
                BackupEngine.tools("sqlite", inspected.sqliteVersion()), info);
    }

    /** The snapshot's connection must be idle before the snapshot closes, whatever the archive did. */
    private static void joinQuietly(CompletableFuture<?> counting) {
        try {
            counting.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            // reported by the caller's own join
        }
    }

    @Override
    public Checked check(DatabaseConfig database, Path copy, BackupManifest manifest) {
        SqliteDatabase.Inspection found = SqliteDatabase.inspect(copy);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("integrity", found.integrity());
        details.put("rowsExpected", new TreeMap<>(manifest.rows()));
        details.put("rowsFound", new TreeMap<>(found.rows()));
        if (!found.intact()) {
            return new Checked(false, "restored copy fails integrity_check: " + found.integrity(), details);
        }
        if (!found.rows().equals(manifest.rows())) {
            return new Checked(false, "rows differ from the manifest: expected " + manifest.rows() + ", found "
                    + found.rows(), details);
        }
        long rows = found.rows().values().stream().mapToLong(Long::longValue).sum();
        return new Checked(true, "restored into a scratch file: integrity ok, " + found.rows().size() + " tables, "
                + rows + " rows as recorded", details);
    }

    @Override
    public void restore(DatabaseConfig database, Path copy) {
        try {
            // The old database's WAL would be replayed onto the restored file: it is in the safety backup.
            SqliteDatabase.deleteSidecars(database.path());
            Files.move(copy, database.path(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BackupException("cannot move the restored copy into " + database.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Path staging(DatabaseConfig database, Path backupDir, String id) {
        return database.path().resolveSibling(database.path().getFileName() + ".restoring-" + id);
    }
}
