package io.slipway.backup;

import io.slipway.config.DatabaseConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How backups copy, check and restore one kind of database: SQLite files through SQLite's backup API,
 * PostgreSQL through pg_dump and pg_restore. The rest (archives, manifests, records, retention) is the
 * same for both.
 */
interface BackupEngine {
    /**
     * A consistent copy, as of its start, archived.
     *
     * @param rows          rows per table in the copy
     * @param schemaVersion the database's schema version as the engine knows it
     * @param tools         versions of what made it
     * @param archive       what the archive holds
     */
    record Copied(Map<String, Long> rows, String schemaVersion, Map<String, String> tools, ArchiveInfo archive) {
    }

    /**
     * A copy checked as a restore would use it.
     *
     * @param ok      integrity and rows as recorded
     * @param message one line: what was found
     * @param details the evidence
     */
    record Checked(boolean ok, String message, Map<String, Object> details) {
    }

    /** The versions a manifest records: Slipway's and the database tool's. */
    static Map<String, String> tools(String tool, String version) {
        Map<String, String> tools = new java.util.LinkedHashMap<>();
        tools.put("slipway", java.util.Optional.ofNullable(Backups.class.getPackage().getImplementationVersion())
                .orElse("dev"));
        tools.put(tool, version);
        return tools;
    }

    /**
     * Copies the database into {@code archive} while the app keeps working; {@code scratch} (which must
     * not exist) is where an engine may put an intermediate copy. The caller deletes it afterwards.
     */
    Copied backup(DatabaseConfig database, Path scratch, Path archive, ArchiveOptions options) throws IOException;

    /** Checks a copy read back from an archive against what the manifest recorded. */
    Checked check(DatabaseConfig database, Path copy, BackupManifest manifest);

    /** Replaces the database with {@code copy}, already checked. */
    void restore(DatabaseConfig database, Path copy);

    /** Where a restore stages its copy: beside an SQLite file (so the final move is a rename), else in the backup dir. */
    Path staging(DatabaseConfig database, Path backupDir, String id);
}
