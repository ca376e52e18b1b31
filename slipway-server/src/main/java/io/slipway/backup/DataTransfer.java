package io.slipway.backup;

import io.slipway.config.AppConfig;
import io.slipway.config.DatabaseConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Export and import of an app's data in portable forms (JSON lines per table, or a plain SQL dump),
 * so data moves between SQLite and PostgreSQL. An import writes into the live database, so like a
 * restore it is refused while the app runs and takes a safety backup first.
 */
public final class DataTransfer {
    private final Backups backups;
    private final Map<String, String> env;
    private final Function<String, List<String>> runningVersions;

    public DataTransfer(Backups backups, Map<String, String> env, Function<String, List<String>> runningVersions) {
        this.backups = backups;
        this.env = Map.copyOf(env);
        this.runningVersions = runningVersions;
    }

    /** Writes every table of the app's database into {@code dir}. */
    public PortableExport.ExportResult export(String app, Path dir, PortableExport.Format format) {
        AppConfig config = backups.configured(app);
        try (Connection c = connect(config.database(), true)) {
            return PortableExport.export(c, dir, format);
        } catch (SQLException e) {
            throw new BackupException("cannot read " + config.database().describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code dir} (an export) into the app's database, after a safety backup.
     *
     * @param replace replace tables that already hold rows (otherwise they are refused)
     */
    public ImportOutcome importInto(String app, Path dir, boolean replace, String by) {
        AppConfig config = backups.configured(app);
        List<String> running = runningVersions.apply(app);
        if (!running.isEmpty()) {
            throw new BackupException(BackupException.Kind.CONFLICT, app + " is running (" + String.join(", ", running)
                    + "): importing into its database while it may write could mix both; stop it first");
        }
        String safety = backups.now(app, "safety", by, "before importing " + dir).id();
        try (Connection c = connect(config.database(), false)) {
            return new ImportOutcome(PortableExport.importInto(c, dir, replace), safety);
        } catch (SQLException e) {
            throw new BackupException("cannot write " + config.database().describe() + ": " + e.getMessage()
                    + "; the database before it is in backup " + safety, e);
        }
    }

    /**
     * What an import did.
     *
     * @param result       tables and rows loaded
     * @param safetyBackup the backup of the database before it
     */
    public record ImportOutcome(PortableExport.ImportResult result, String safetyBackup) {
    }

    private Connection connect(DatabaseConfig db, boolean readOnly) throws SQLException {
        if (db.sqlite()) {
            return SqliteDatabase.open(db.path(), readOnly);
        }
        PostgresTarget target = PostgresEngine.target(db, env);
        return DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
    }
}
