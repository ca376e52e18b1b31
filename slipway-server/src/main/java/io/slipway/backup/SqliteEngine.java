package io.slipway.backup;

import io.slipway.config.DatabaseConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** SQLite databases: online copies with SQLite's backup API, checked with integrity_check and row counts. */
final class SqliteEngine implements BackupEngine {
    @Override
    public Copied copy(DatabaseConfig database, Path scratch) {
        SqliteDatabase.copy(database.path(), scratch);
        // Integrity is checked where it proves something, on the copy restored from the archive
        // (verification, by default right after the backup): checking here too read every page twice.
        SqliteDatabase.Inspection inspected = SqliteDatabase.inspect(scratch, false);
        return new Copied(inspected.rows(), String.valueOf(inspected.userVersion()),
                BackupEngine.tools("sqlite", inspected.sqliteVersion()));
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
