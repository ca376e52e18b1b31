package io.slipway.backup;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads every row of a table in portable form, and loads rows into one, in batches. */
final class TableRows implements AutoCloseable {
    /** Rows per JDBC batch and per fetch; large enough to amortise round trips, small enough to bound memory. */
    static final int BATCH = 500;

    /** Receives rows, one array of portable values per row, in column order. */
    interface Sink {
        void accept(Object[] row) throws IOException;
    }

    private final PortableDialect dialect;
    private final PortableTable table;
    private final PreparedStatement insert;
    private long rows;
    private int pending;

    private TableRows(PortableDialect dialect, PortableTable table, PreparedStatement insert) {
        this.dialect = dialect;
        this.table = table;
        this.insert = insert;
    }

    /** Hands every row of {@code table} to {@code sink}; returns how many there were. */
    static long scan(Connection c, PortableDialect dialect, PortableTable table, Sink sink)
            throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.setFetchSize(BATCH); // PostgreSQL streams only with a fetch size, inside a transaction
            try (ResultSet rs = s.executeQuery(table.selectSql())) {
                long n = 0;
                while (rs.next()) {
                    n++;
                    sink.accept(readRow(rs, dialect, table, n));
                }
                return n;
            }
        }
    }

    private static Object[] readRow(ResultSet rs, PortableDialect dialect, PortableTable table, long n)
            throws SQLException {
        Object[] row = new Object[table.columns().size()];
        for (int i = 0; i < row.length; i++) {
            PortableType type = table.columns().get(i).type();
            row[i] = PortableValues.read(rs, i + 1, type, dialect, table.where(i, n));
        }
        return row;
    }

    /** A loader for {@code table}; rows go in with {@link #add}, the last batch with {@link #finish}. */
    static TableRows loader(Connection c, PortableDialect dialect, PortableTable table) throws SQLException {
        return new TableRows(dialect, table, c.prepareStatement(table.insertSql()));
    }

    void add(Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            PortableValues.bind(insert, i + 1, row[i], dialect);
        }
        insert.addBatch();
        rows++;
        if (++pending == BATCH) {
            flush();
        }
    }

    /** Sends what is left; returns the number of rows loaded. */
    long finish() throws SQLException {
        if (pending > 0) {
            flush();
        }
        return rows;
    }

    private void flush() throws SQLException {
        try {
            insert.executeBatch();
            pending = 0;
        } catch (BatchUpdateException e) {
            SQLException cause = e.getNextException() == null ? e : e.getNextException();
            throw new PortableExportException("cannot load rows " + (rows - pending + 1) + "–" + rows + " into "
                    + table.name() + ": " + cause.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
