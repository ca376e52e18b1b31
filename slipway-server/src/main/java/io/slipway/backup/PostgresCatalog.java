package io.slipway.backup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** What backups need to ask a PostgreSQL server over JDBC: its version, its tables and their row counts. */
final class PostgresCatalog {
    private static final String USER_TABLES = "SELECT n.nspname, c.relname FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' ORDER BY 1, 2";

    private PostgresCatalog() {
    }

    /** Connects, turning the driver's exception into one that names the target. */
    static Connection connect(PostgresTarget target) {
        Properties props = new Properties();
        props.setProperty("user", target.user());
        props.setProperty("password", target.password());
        props.setProperty("ApplicationName", "slipway-backup");
        props.setProperty("connectTimeout", "15");
        try {
            return DriverManager.getConnection(target.jdbcUrl(), props);
        } catch (SQLException e) {
            throw new PostgresBackupException("cannot connect to PostgreSQL " + target.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The server's {@code server_version_num}, e.g. 150019. */
    static int serverVersionNum(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        }
    }

    /**
     * Rows per ordinary table ({@code schema.table}) in every non-system schema, as the
     * connection's transaction sees them.
     */
    static Map<String, Long> rowCounts(Connection c) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String[] table : tables(c)) {
            String sql = "SELECT count(*) FROM " + quote(table[0]) + "." + quote(table[1]);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                counts.put(table[0] + "." + table[1], rs.getLong(1));
            }
        }
        return counts;
    }

    private static List<String[]> tables(Connection c) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(USER_TABLES)) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return tables;
    }

    /** Creates an empty database from template0, so that nothing added to template1 gets in the way of a restore. */
    static void createDatabase(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quote(name) + " TEMPLATE template0");
        }
    }

    /** Drops a database; from PostgreSQL 13 on, also when something is still connected to it. */
    static void dropDatabase(Connection c, String name) throws SQLException {
        String force = serverVersionNum(c) >= 130000 ? " WITH (FORCE)" : "";
        try (Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quote(name) + force);
        }
    }

    /** Whether a database of that name exists on the server. */
    static boolean databaseExists(Connection c, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
