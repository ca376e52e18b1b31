package io.slipway.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One autocommit connection to the database being migrated. Writes go through {@link #execute},
 * exactly as their text reads (JDBC escape processing off), with transactions begun and ended by
 * BEGIN/COMMIT statements of their own, so that what runs is what the dry-run printed. Reads the
 * engine makes for itself go through {@link #query} and change nothing.
 */
final class Session implements AutoCloseable {
    private final Connection connection;
    private final Dialect dialect;

    Session(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Runs {@code sql}; returns how many rows it changed (0 for statements that change none). */
    int execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setEscapeProcessing(false);
            s.execute(sql);
            return Math.max(0, s.getUpdateCount());
        }
    }

    /** Runs {@code sql}, whose one {@code ?} stands for {@code parameter}. */
    int execute(String sql, String parameter) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, parameter);
            return s.executeUpdate();
        }
    }

    /** The rows {@code sql} returns, each made into a value by {@code row}. */
    <T> List<T> query(String sql, Row<T> row) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(row.read(rs));
            }
        }
        return rows;
    }

    boolean hasTable(String name) throws SQLException {
        return query(dialect.tableCount(name), rs -> rs.getInt(1)).get(0) > 0;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** Reads one row of a result set. */
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
