package io.slipway.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One run of {@link PostgresBackup#verify}: read the dump's table of contents, restore it into
 * a scratch database, count, compare, and drop the scratch database whatever happened.
 */
final class DumpVerification {
    private final PostgresTools tools;
    private final PostgresTarget server;
    private final Path dump;
    private final Map<String, Long> expectedRows;
    private final String scratch;
    private final long start = System.nanoTime();

    DumpVerification(PostgresTools tools, PostgresTarget server, Path dump, Map<String, Long> expectedRows,
                     String scratch) {
        this.tools = tools;
        this.server = server;
        this.dump = dump;
        this.expectedRows = Map.copyOf(expectedRows);
        this.scratch = scratch;
    }

    PostgresBackup.VerifyResult run() {
        PostgresBackup.requireReadable(dump);
        String sha256 = checksum();
        PostgresCommand.Outcome list = PostgresCommand.run(List.of(tools.pgRestore().toString(), "--list",
                dump.toString()), null);
        if (!list.ok()) {
            return failed(sha256, "", dump + ": not a readable pg_dump archive: pg_restore --list failed: "
                    + list.error());
        }
        try (Connection admin = PostgresCatalog.connect(server)) {
            tools.requireServer(PostgresCatalog.serverVersionNum(admin), server);
            PostgresCatalog.createDatabase(admin, scratch);
            return restoreThenDrop(admin, sha256);
        } catch (SQLException e) {
            throw new PostgresBackupException("cannot verify " + dump + " on " + server.describe() + ": "
                    + e.getMessage() + " (verification creates a scratch database: the user needs CREATEDB)", e);
        }
    }

    private PostgresBackup.VerifyResult restoreThenDrop(Connection admin, String sha256) throws SQLException {
        RuntimeException failure = null;
        try {
            return restoreAndCount(sha256);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            drop(admin, failure);
        }
    }

    private PostgresBackup.VerifyResult restoreAndCount(String sha256) {
        PostgresTarget target = server.withDatabase(scratch);
        PostgresCommand.Outcome restore = PostgresCommand.run(PostgresCommand.command(tools.pgRestore(), target,
                "--no-owner", "--no-privileges", "--exit-on-error", dump.toString()), target);
        if (!restore.ok()) {
            return failed(sha256, scratch, dump + ": restore into scratch database " + scratch + " failed: "
                    + restore.error());
        }
        Map<String, Long> restored = countRows(target);
        List<String> problems = PostgresBackup.compareCounts(dump, expectedRows, restored);
        return new PostgresBackup.VerifyResult(dump, problems.isEmpty(), problems, restored, sha256, scratch, took());
    }

    private Map<String, Long> countRows(PostgresTarget target) {
        try (Connection c = PostgresCatalog.connect(target)) {
            return PostgresCatalog.rowCounts(c);
        } catch (SQLException e) {
            throw new PostgresBackupException("cannot count the rows restored from " + dump + " into " + scratch
                    + ": " + e.getMessage(), e);
        }
    }

    /** Drops the scratch database; a failure to do so is reported, beside the first failure if there was one. */
    private void drop(Connection admin, RuntimeException earlier) {
        try {
            PostgresCatalog.dropDatabase(admin, scratch);
        } catch (SQLException e) {
            PostgresBackupException leaked = new PostgresBackupException("cannot drop scratch database " + scratch
                    + " on " + server.describe() + " (drop it by hand): " + e.getMessage(), e);
            if (earlier == null) {
                throw leaked;
            }
            earlier.addSuppressed(leaked);
        }
    }

    private String checksum() {
        try {
            return PostgresBackup.sha256(dump);
        } catch (IOException e) {
            throw new PostgresBackupException("cannot read " + dump + ": " + e.getMessage(), e);
        }
    }

    private PostgresBackup.VerifyResult failed(String sha256, String scratchUsed, String problem) {
        return new PostgresBackup.VerifyResult(dump, false, List.of(problem), Map.of(), sha256, scratchUsed, took());
    }

    private Duration took() {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
