package io.slipway.backup;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The few JDBC steps that capture and backups take on an app's SQLite database, in one place. */
final class SqliteConnections {
    private SqliteConnections() {
    }

    /** A read-write connection that does not create a missing file, so a wrong path fails instead. */
    static Connection connect(Path db, int busyTimeoutMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(busyTimeoutMillis);
        return config.createConnection("jdbc:sqlite:" + db);
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Opens a read transaction and takes its snapshot: SQLite takes it at the first read, not at
     * {@code BEGIN}, so a read follows at once. Until the transaction ends, SQLite neither checkpoints
     * past it nor restarts the WAL under it.
     */
    static void beginRead(Connection c) throws SQLException {
        execute(c, "BEGIN");
        queryString(c, "SELECT count(*) FROM sqlite_schema");
    }

    /** The first column of the first row, or null when there is none. */
    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Closes {@code c} (if any) after {@code failure}, keeping a second failure as suppressed. */
    static void closeAfterFailure(Connection c, Exception failure) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
