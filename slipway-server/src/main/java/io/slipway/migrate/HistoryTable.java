package io.slipway.migrate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The statements that write {@code slipway_migration_history}, in the app's own database, with the
 * same shape on SQLite and PostgreSQL. Every value is known before the run (the rank follows the
 * rows read under the lock, times and durations come from SQL, the backup reference from the lock
 * row), so that the dry-run prints the texts that then run.
 */
final class HistoryTable {
    static final String NAME = "slipway_migration_history";
    static final String CREATE = """
            CREATE TABLE IF NOT EXISTS slipway_migration_history (
                installed_rank INTEGER NOT NULL PRIMARY KEY,
                version VARCHAR(50),
                description TEXT NOT NULL,
                type VARCHAR(20) NOT NULL,
                script TEXT NOT NULL,
                checksum INTEGER,
                installed_by TEXT NOT NULL,
                installed_on TIMESTAMP NOT NULL,
                execution_time INTEGER NOT NULL,
                success BOOLEAN NOT NULL,
                backup TEXT
            )""";
    static final String BASELINE_SCRIPT = "<< baseline >>";
    private static final String INSERT = "INSERT INTO " + NAME + " (installed_rank, version, description, type,"
            + " script, checksum, installed_by, installed_on, execution_time, success, backup) VALUES (";
    private static final String SELECT = "SELECT installed_rank, version, description, type, script, checksum,"
            + " installed_by, installed_on, execution_time, success, backup FROM " + NAME + " ORDER BY installed_rank";

    private final Dialect dialect;
    private final String installedBy;

    HistoryTable(Dialect dialect, String installedBy) {
        this.dialect = dialect;
        this.installedBy = installedBy;
    }

    /** The row saying {@code m} started, success still false; it carries the run's backup reference. */
    String start(Migration m, int rank) {
        return INSERT + rank + ", " + Sql.literal(m.version()) + ", " + Sql.literal(m.description()) + ", '"
                + HistoryType.of(m.kind()) + "', " + Sql.literal(m.script()) + ", " + m.checksum() + ", "
                + Sql.literal(installedBy) + ", " + dialect.nowTimestamp + ", 0, FALSE, " + LockTable.RUN_BACKUP + ")";
    }

    /** Marks the row successful, with the milliseconds since it started. */
    String finish(int rank) {
        return "UPDATE " + NAME + " SET success = TRUE, execution_time = " + dialect.millisSinceInstalled
                + " WHERE installed_rank = " + rank;
    }

    String baseline(int rank, Version version, String description) {
        return INSERT + rank + ", " + Sql.literal(version) + ", " + Sql.literal(description) + ", '"
                + HistoryType.BASELINE + "', " + Sql.literal(BASELINE_SCRIPT) + ", NULL, " + Sql.literal(installedBy)
                + ", " + dialect.nowTimestamp + ", 0, TRUE, NULL)";
    }

    static String delete(int rank) {
        return "DELETE FROM " + NAME + " WHERE installed_rank = " + rank;
    }

    static String realign(int rank, int checksum) {
        return "UPDATE " + NAME + " SET checksum = " + checksum + " WHERE installed_rank = " + rank;
    }

    /** All rows, or none when the table does not exist yet. */
    static History read(Session session) throws SQLException {
        if (!session.hasTable(NAME)) {
            return History.empty();
        }
        return new History(session.query(SELECT, HistoryTable::row));
    }

    private static HistoryRow row(ResultSet rs) throws SQLException {
        String version = rs.getString(2);
        int checksum = rs.getInt(6);
        Integer recorded = rs.wasNull() ? null : checksum;
        return new HistoryRow(rs.getInt(1), version == null ? null : Version.parse(version), rs.getString(3),
                HistoryType.valueOf(rs.getString(4)), rs.getString(5), recorded, rs.getString(7),
                timestamp(rs.getString(8)), rs.getLong(9), rs.getBoolean(10), rs.getString(11));
    }

    /** {@code 2025-01-31 10:00:00.123} as SQLite's strftime and PostgreSQL's timestamp print it, in UTC. */
    private static Instant timestamp(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }
}
