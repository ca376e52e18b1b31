package io.slipway.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app's SQLite database as backups see it: a consistent copy taken online, and what is in a file
 * (integrity, tables and their rows, schema version).
 *
 * <p>{@link #copy} uses SQLite's online backup API ({@code backup to}, in one step): it reads the source
 * in one read transaction, so it holds exactly what was committed when it began, and in WAL mode the
 * app's writers go on meanwhile (a rollback-journal database makes writers wait for the copy).
 * Backups read a {@link SqliteSnapshot} instead, which archives in one pass; they copy with the
 * backup API only when the snapshot declines.
 */
public final class SqliteDatabase {
    private SqliteDatabase() {
    }

    /**
     * What a database file holds.
     *
     * @param integrity     "ok", or what {@code PRAGMA integrity_check} found
     * @param rows          row count per table (user tables, by name)
     * @param userVersion   {@code PRAGMA user_version}, what many apps keep their schema version in
     * @param sqliteVersion the SQLite library that read it
     */
    public record Inspection(String integrity, Map<String, Long> rows, int userVersion, String sqliteVersion) {
        public boolean intact() {
            return "ok".equals(integrity);
        }
    }

    /**
     * Copies {@code database} to {@code out} (which must not exist) while the app keeps writing.
     *
     * @throws BackupException naming the database when it is missing or cannot be read
     */
    public static void copy(Path database, Path out) {
        if (!Files.isRegularFile(database)) {
            throw new BackupException("database " + database + " does not exist (database.path in slipway.yaml)");
        }
        if (Files.exists(out)) {
            throw new BackupException("will not overwrite " + out);
        }
        try (Connection c = open(database, true); Statement s = c.createStatement()) {
            s.setQueryTimeout(600);
            s.executeUpdate("backup to '" + out.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new BackupException("cannot copy " + database + ": " + e.getMessage(), e);
        }
    }

    /** Checks and counts what {@code file} holds. @throws BackupException when it is not an SQLite database */
    public static Inspection inspect(Path file) {
        return inspect(file, true);
    }

    /**
     * Counts what {@code file} holds, with {@code PRAGMA integrity_check} only when {@code checkIntegrity}
     * (it reads every page and index: seconds per gigabyte); unchecked, integrity reads "not checked".
     */
    public static Inspection inspect(Path file, boolean checkIntegrity) {
        try (Connection c = open(file, true)) {
            return inspect(c, checkIntegrity);
        } catch (SQLException e) {
            throw new BackupException(file + " is not a readable SQLite database: " + e.getMessage(), e);
        }
    }

    /** The same through an open connection, in whatever transaction it is in (a backup's snapshot). */
    static Inspection inspect(Connection c, boolean checkIntegrity) throws SQLException {
        try (Statement s = c.createStatement()) {
            String integrity = checkIntegrity ? integrity(s) : "not checked";
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : tables(s)) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + table.replace("\"", "\"\"") + "\"")) {
                    rows.put(table, rs.next() ? rs.getLong(1) : 0);
                }
            }
            return new Inspection(integrity, rows, intValue(s, "PRAGMA user_version"), stringValue(s, "SELECT sqlite_version()"));
        }
    }

    private static String integrity(Statement s) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("PRAGMA integrity_check(20)")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return String.join("; ", lines);
    }

    private static List<String> tables(Statement s) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'"
                + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static int intValue(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String stringValue(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    /** Read-only connections cannot create a missing file, so a wrong path fails instead of backing up nothing. */
    static Connection open(Path file, boolean readOnly) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(10_000);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    /** Deletes a database file and its WAL and shared-memory files, for scratch copies. */
    static void deleteWithSidecars(Path file) throws IOException {
        Files.deleteIfExists(file);
        deleteSidecars(file);
    }

    /** Deletes a database's WAL and shared-memory files, leaving the database file. */
    static void deleteSidecars(Path file) throws IOException {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
    }
}
