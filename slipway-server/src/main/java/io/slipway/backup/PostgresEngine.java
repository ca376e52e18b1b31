package io.slipway.backup;

import io.slipway.config.DatabaseConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * PostgreSQL databases: pg_dump (custom format, on an exported snapshot) and pg_restore; a copy is
 * checked by restoring it into a scratch database on the same server and counting rows there.
 */
final class PostgresEngine implements BackupEngine {
    private final Map<String, String> env;

    /** @param env the server's environment: the password variable and SLIPWAY_PG_BIN */
    PostgresEngine(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Copied backup(DatabaseConfig database, Path scratch, Path archive, ArchiveOptions options) throws IOException {
        PostgresTools tools = PostgresTools.locate(env);
        PostgresBackup.DumpResult dump = PostgresBackup.dump(tools, target(database), scratch);
        return new Copied(dump.rowCounts(), "", BackupEngine.tools("pg_dump", tools.version()),
                BackupArchive.write(scratch, archive, options));
    }

    @Override
    public Checked check(DatabaseConfig database, Path copy, BackupManifest manifest) {
        PostgresBackup.VerifyResult r = PostgresBackup.verify(PostgresTools.locate(env), target(database), copy,
                manifest.rows());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rowsExpected", new TreeMap<>(manifest.rows()));
        details.put("rowsFound", new TreeMap<>(r.restoredRows()));
        details.put("problems", r.problems());
        return new Checked(r.ok(), r.ok() ? "restored into scratch database " + r.scratchDatabase() + ": "
                + r.restoredRows().size() + " tables, row counts as recorded" : String.join("; ", r.problems()), details);
    }

    @Override
    public void restore(DatabaseConfig database, Path copy) {
        PostgresBackup.restore(PostgresTools.locate(env), target(database), copy);
    }

    @Override
    public Path staging(DatabaseConfig database, Path backupDir, String id) {
        return backupDir.resolve(".restoring-" + id + ".dump");
    }

    private PostgresTarget target(DatabaseConfig db) {
        return target(db, env);
    }

    /**
     * Where a postgres database: block points, with the password from the server's environment.
     *
     * @throws BackupException naming the variable when passwordEnv is not set there
     */
    static PostgresTarget target(DatabaseConfig db, Map<String, String> env) {
        String password;
        try {
            password = PostgresTarget.password("database.passwordEnv", db.passwordEnv(), env);
        } catch (IllegalArgumentException e) {
            throw new BackupException(BackupException.Kind.INVALID, e.getMessage(), e);
        }
        return new PostgresTarget(db.host(), db.port(), db.name(), db.user(), password);
    }
}
