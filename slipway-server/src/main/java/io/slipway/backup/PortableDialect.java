package io.slipway.backup;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The two databases a portable export moves data between, and what differs between them. */
enum PortableDialect {
    SQLITE,
    POSTGRESQL;

    /** Which one {@code c} is connected to. */
    static PortableDialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        return switch (product) {
            case "SQLite" -> SQLITE;
            case "PostgreSQL" -> POSTGRESQL;
            default -> throw new PortableExportException("portable export supports SQLite and PostgreSQL, not "
                    + product);
        };
    }

    /** The ordinary tables of the connection's schema (SQLite: the main database), by name. */
    List<PortableTable> tables(Connection c) throws SQLException {
        List<PortableTable> tables = new ArrayList<>();
        for (String name : tableNames(c)) {
            tables.add(new PortableTable(name, null, columns(c, name), primaryKey(c, name)));
        }
        return tables;
    }

    private List<String> tableNames(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, schema(c), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (this == POSTGRESQL || !name.startsWith("sqlite_")) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }

    private List<PortableTable.Column> columns(Connection c, String table) throws SQLException {
        Map<Integer, PortableTable.Column> byPosition = new TreeMap<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, schema(c), escape(c, table), "%")) {
            while (rs.next()) {
                if (table.equals(rs.getString("TABLE_NAME"))) {
                    String declared = rs.getString("TYPE_NAME");
                    PortableType type = this == SQLITE ? PortableType.ofSqlite(declared) : PortableType.ofPostgres(declared);
                    boolean nullable = rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
                    byPosition.put(rs.getInt("ORDINAL_POSITION"),
                            new PortableTable.Column(rs.getString("COLUMN_NAME"), type, nullable, declared));
                }
            }
        }
        return List.copyOf(byPosition.values());
    }

    private List<String> primaryKey(Connection c, String table) throws SQLException {
        Map<Integer, String> bySequence = new TreeMap<>();
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, schema(c), table)) {
            while (rs.next()) {
                bySequence.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(bySequence.values());
    }

    /** Metadata patterns treat {@code _} and {@code %} as wildcards; a table name must match only itself. */
    private static String escape(Connection c, String name) throws SQLException {
        String escape = c.getMetaData().getSearchStringEscape();
        return escape == null || escape.isEmpty() ? name
                : name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    private String schema(Connection c) throws SQLException {
        return this == POSTGRESQL ? c.getSchema() : null;
    }

    /** Whether a table of that name exists where {@link #tables} would list it. */
    boolean tableExists(Connection c, String table) throws SQLException {
        String sql = this == SQLITE ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
                : "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static boolean hasRows(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM " + PortableTable.quote(table) + " LIMIT 1")) {
            return rs.next();
        }
    }

    static void deleteRows(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + PortableTable.quote(table));
        }
    }

    /**
     * After rows were loaded with their own ids: PostgreSQL sequences behind serial and identity
     * columns do not see them, and the next insert would collide, so they are moved past the
     * largest value. SQLite needs nothing: its rowids follow the data.
     */
    void afterLoad(Connection c, PortableTable table) throws SQLException {
        if (this == SQLITE) {
            return;
        }
        for (PortableTable.Column column : table.columns()) {
            if (column.type() == PortableType.INTEGER || column.type() == PortableType.BIGINT) {
                advanceSequence(c, table.name(), column.name());
            }
        }
    }

    private static void advanceSequence(Connection c, String table, String column) throws SQLException {
        String sql = "SELECT setval(s, coalesce((SELECT max(" + PortableTable.quote(column) + ") FROM "
                + PortableTable.quote(table) + "), 0) + 1, false)"
                + " FROM pg_get_serial_sequence(?, ?) AS s WHERE s IS NOT NULL";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, PortableTable.quote(table));
            ps.setString(2, column);
            ps.executeQuery().close();
        }
    }
}
