package io.slipway.sample;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sample app's database mode, for tests of schema migrations with real processes: each
 * {@code GET /visits} writes one row into an SQLite table, every configured column set to the
 * version, and answers how many rows the table has. A version that writes a column the schema lacks
 * (or lacks one it needs) fails with the database's error, as a real app would. The JDBC driver
 * comes from the classpath (slipway.jar has it); this module itself stays JDK-only.
 *
 * @param file    the SQLite database ({@code --db}, {@code SAMPLE_DB})
 * @param table   the table written ({@code --db-table}, {@code SAMPLE_DB_TABLE}, default {@code visits})
 * @param columns the columns each visit sets ({@code --db-columns a,b}, {@code SAMPLE_DB_COLUMNS_V2} …,
 *                default {@code version})
 */
public record Visits(Path file, String table, List<String> columns) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Waits for a migration or another version's write instead of failing at once with SQLITE_BUSY. */
    private static final int BUSY_TIMEOUT_MS = 5000;

    public Visits {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns: none; name at least one");
        }
    }

    /** Reads {@code a, b} as a list of column names. */
    static List<String> names(Knobs.Raw raw) {
        List<String> names = Arrays.stream(raw.value().split(",")).map(String::strip).toList();
        if (names.stream().anyMatch(n -> !IDENTIFIER.matcher(n).matches())) {
            throw raw.invalid("names of letters, digits and _, separated by commas");
        }
        return names;
    }

    static String name(Knobs.Raw raw) {
        if (!IDENTIFIER.matcher(raw.value()).matches()) {
            throw raw.invalid("a name of letters, digits and _");
        }
        return raw.value();
    }

    /** Records a visit by {@code version}; returns the table's row count after it. */
    long record(String version) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", columns)
                    + ") VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")")) {
                for (int i = 0; i < columns.size(); i++) {
                    insert.setString(i + 1, version);
                }
                insert.executeUpdate();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
