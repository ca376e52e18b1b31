package io.slipway.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortableExportTest {
    private static final String TRICKY_TEXT = "it's \"quoted\"; -- not a comment\nsecond line\ttab \\ backslash";
    private static final String UNICODE = "ünïcödé — 日本語 🚀";
    private static final byte[] ALL_BYTES = allBytes();

    private static TestPostgres pg;

    @TempDir
    Path dir;

    enum Kind { LONG, DOUBLE, DECIMAL, TEXT, BYTES, BOOL, INSTANT }

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pg.close();
    }

    @Test
    void sqliteToJsonLinesToPostgresKeepsEveryValue() throws Exception {
        try (Connection sqlite = sqlite("source.db"); Connection postgres = PostgresCatalog.connect(pg.createDatabase("from_sqlite"))) {
            seedSqlite(sqlite);

            PortableExport.ExportResult exported = PortableExport.export(sqlite, dir.resolve("jsonl"), PortableExport.Format.JSONL);
            PortableExport.ImportResult imported = PortableExport.importInto(postgres, dir.resolve("jsonl"), false);

            assertThat(exported.rowCounts()).containsExactly(Map.entry("events", 1200L), Map.entry("order items", 2L),
                    Map.entry("samples", 4L));
            assertThat(imported.rowCounts()).isEqualTo(exported.rowCounts());
            assertThat(imported.created()).containsExactly("events", "order items", "samples");
            assertThat(dir.resolve("jsonl/order%20items.jsonl")).exists();
            assertThat(columnTypes(postgres, "samples")).containsExactly("bigint", "bigint", "double precision", "text",
                    "bytea", "boolean", "timestamp with time zone");
            assertThat(read(postgres, "SELECT * FROM samples ORDER BY id", SAMPLE_KINDS)).isEqualTo(expectedSamples());
            assertThat(read(postgres, "SELECT count(*), sum(n), min(label) FROM events", Kind.LONG, Kind.LONG, Kind.TEXT))
                    .containsExactly(List.of(1200L, 1200L * 1201 / 2, "event 1"));
            assertThat(read(postgres, "SELECT * FROM \"order items\" ORDER BY sku", Kind.TEXT, Kind.LONG))
                    .containsExactly(List.of("a-1", 3L), List.of("b-2", 1L));
        }
    }

    @Test
    void postgresToSqlToSqliteKeepsEveryValue() throws Exception {
        PostgresTarget source = pg.createDatabase("to_sqlite");
        try (Connection postgres = PostgresCatalog.connect(source); Connection sqlite = sqlite("target.db")) {
            seedPostgres(postgres);

            PortableExport.ExportResult exported = PortableExport.export(postgres, dir.resolve("sql"), PortableExport.Format.SQL);
            PortableExport.ImportResult imported = PortableExport.importInto(sqlite, dir.resolve("sql"), false);

            assertThat(exported.files()).containsExactly(dir.resolve("sql/dump.sql"));
            assertThat(exported.rowCounts()).containsExactly(Map.entry("kinds", 4L));
            assertThat(imported.rowCounts()).isEqualTo(exported.rowCounts());
            assertThat(sqliteTypes(sqlite, "kinds")).containsExactly("INTEGER", "INTEGER", "REAL", "NUMERIC", "TEXT",
                    "BLOB", "BOOLEAN", "TIMESTAMP", "TEXT");
            assertThat(read(sqlite, "SELECT * FROM kinds ORDER BY id", KINDS_KINDS))
                    .isEqualTo(read(postgres, "SELECT * FROM kinds ORDER BY id", KINDS_KINDS))
                    .hasSize(4);
        }
    }

    @Test
    void aSqlDumpWithoutBlobsLoadsAsIsIntoSqliteAndPostgres() throws Exception {
        try (Connection source = sqlite("plain.db");
             Connection sqlite = sqlite("plain-copy.db");
             Connection postgres = PostgresCatalog.connect(pg.createDatabase("plain_copy"))) {
            execute(source, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, score REAL, done BOOLEAN, at TIMESTAMP)");
            insert(source, "INSERT INTO notes VALUES (?,?,?,?,?)", 1, TRICKY_TEXT, 2.5, true, "2026-12-06T10:15:30Z");
            insert(source, "INSERT INTO notes VALUES (?,?,?,?,?)", 2, UNICODE, null, false, null);
            PortableExport.export(source, dir.resolve("plain"), PortableExport.Format.SQL);
            String script = Files.readString(dir.resolve("plain/dump.sql"));

            try (Statement s = sqlite.createStatement()) {
                s.executeUpdate(script); // sqlite-jdbc runs every statement of a script given to executeUpdate
            }
            execute(postgres, script);

            Kind[] kinds = {Kind.LONG, Kind.TEXT, Kind.DOUBLE, Kind.BOOL, Kind.INSTANT};
            List<List<Object>> expected = read(source, "SELECT * FROM notes ORDER BY id", kinds);
            assertThat(read(sqlite, "SELECT * FROM notes ORDER BY id", kinds)).isEqualTo(expected);
            assertThat(read(postgres, "SELECT * FROM notes ORDER BY id", kinds)).isEqualTo(expected).hasSize(2);
        }
    }

    @Test
    void importRefusesATableThatHasRowsUnlessToldToReplace() throws Exception {
        try (Connection sqlite = sqlite("refuse.db"); Connection postgres = PostgresCatalog.connect(pg.createDatabase("occupied"))) {
            seedSqlite(sqlite);
            PortableExport.export(sqlite, dir.resolve("export"), PortableExport.Format.JSONL);
            execute(postgres, "CREATE TABLE samples (id bigint PRIMARY KEY, label text)",
                    "INSERT INTO samples VALUES (99, 'already here')");

            assertThatThrownBy(() -> PortableExport.importInto(postgres, dir.resolve("export"), false))
                    .isInstanceOf(PortableExportException.class)
                    .hasMessageContaining("target tables [samples] already have rows")
                    .hasMessageContaining("replace");
            assertThat(read(postgres, "SELECT id, label FROM samples", Kind.LONG, Kind.TEXT))
                    .containsExactly(List.of(99L, "already here"));
            assertThat(read(postgres, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
                    Kind.LONG)).as("no table created by the refused import").containsExactly(List.of(1L));

            execute(postgres, "DROP TABLE samples");
            execute(postgres, "CREATE TABLE samples (id bigint PRIMARY KEY, count bigint, ratio float8, label text,"
                    + " payload bytea, active boolean, created_at timestamptz)", "INSERT INTO samples (id) VALUES (99)");
            PortableExport.ImportResult replaced = PortableExport.importInto(postgres, dir.resolve("export"), true);

            assertThat(replaced.replaced()).containsExactly("samples");
            assertThat(read(postgres, "SELECT * FROM samples ORDER BY id", SAMPLE_KINDS)).isEqualTo(expectedSamples());
        }
    }

    @Test
    void importIntoAnExistingSerialTableMovesItsSequencePastTheLoadedIds() throws Exception {
        try (Connection sqlite = sqlite("serial.db"); Connection postgres = PostgresCatalog.connect(pg.createDatabase("serial"))) {
            execute(sqlite, "CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT NOT NULL)");
            insert(sqlite, "INSERT INTO tickets VALUES (?, ?)", 7, "seven");
            insert(sqlite, "INSERT INTO tickets VALUES (?, ?)", 41, "forty-one");
            PortableExport.export(sqlite, dir.resolve("tickets"), PortableExport.Format.JSONL);
            execute(postgres, "CREATE TABLE tickets (id serial PRIMARY KEY, title text NOT NULL)");

            PortableExport.importInto(postgres, dir.resolve("tickets"), false);
            execute(postgres, "INSERT INTO tickets (title) VALUES ('next')");

            assertThat(read(postgres, "SELECT id FROM tickets WHERE title = 'next'", Kind.LONG)).containsExactly(List.of(42L));
        }
    }

    @Test
    void exportRefusesAValueThatDoesNotFitItsColumnsTypeNamingTheRow() throws Exception {
        try (Connection sqlite = sqlite("loose.db")) {
            execute(sqlite, "CREATE TABLE loose (id INTEGER PRIMARY KEY, amount INTEGER)",
                    "INSERT INTO loose VALUES (1, 10), (2, 'ten')");

            assertThatThrownBy(() -> PortableExport.export(sqlite, dir.resolve("loose"), PortableExport.Format.JSONL))
                    .isInstanceOf(PortableExportException.class)
                    .hasMessageContaining("loose.amount row 2: \"ten\" is not a BIGINT value");
        }
    }

    // --- data

    private static final Kind[] SAMPLE_KINDS = {Kind.LONG, Kind.LONG, Kind.DOUBLE, Kind.TEXT, Kind.BYTES, Kind.BOOL,
        Kind.INSTANT};
    private static final Kind[] KINDS_KINDS = {Kind.LONG, Kind.LONG, Kind.DOUBLE, Kind.DECIMAL, Kind.TEXT, Kind.BYTES,
        Kind.BOOL, Kind.INSTANT, Kind.TEXT};

    private static void seedSqlite(Connection c) throws SQLException {
        execute(c, "CREATE TABLE samples (id INTEGER PRIMARY KEY, count INTEGER, ratio REAL, label TEXT,"
                        + " payload BLOB, active BOOLEAN, created_at TIMESTAMP)",
                "CREATE TABLE events (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, label TEXT NOT NULL)",
                "CREATE TABLE \"order items\" (sku TEXT PRIMARY KEY, qty INTEGER)",
                "INSERT INTO \"order items\" VALUES ('b-2', 1), ('a-1', 3)");
        String sql = "INSERT INTO samples VALUES (?,?,?,?,?,?,?)";
        insert(c, sql, 1, Long.MAX_VALUE, 0.1, TRICKY_TEXT, ALL_BYTES, true, "2026-12-06T10:15:30.123Z");
        insert(c, sql, 2, Long.MIN_VALUE, -1.5e300, UNICODE, new byte[0], false, "2026-01-01T00:00:00Z");
        insert(c, sql, 3, null, null, null, null, null, null);
        insert(c, sql, 4, 0, 3.0, "", new byte[] {0, 'X', '\''}, true, "2026-12-06 10:15:30");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (n, label) VALUES (?, ?)")) {
            for (int i = 1; i <= 1200; i++) {
                ps.setInt(1, i);
                ps.setString(2, "event " + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<List<Object>> expectedSamples() {
        return List.of(
                Arrays.asList(1L, Long.MAX_VALUE, 0.1, TRICKY_TEXT, HexFormat.of().formatHex(ALL_BYTES), true,
                        Instant.parse("2026-12-06T10:15:30.123Z")),
                Arrays.asList(2L, Long.MIN_VALUE, -1.5e300, UNICODE, "", false, Instant.parse("2026-01-01T00:00:00Z")),
                Arrays.asList(3L, null, null, null, null, null, null),
                Arrays.asList(4L, 0L, 3.0, "", "005827", true, Instant.parse("2026-12-06T10:15:30Z")));
    }

    private static void seedPostgres(Connection c) throws SQLException {
        execute(c, "CREATE TABLE kinds (id serial PRIMARY KEY, big int8, ratio float8, price numeric(14,4), label text,"
                + " payload bytea, active bool, at timestamptz, ref uuid)");
        String sql = "INSERT INTO kinds (big, ratio, price, label, payload, active, at, ref) VALUES (?,?,?,?,?,?,?,?::uuid)";
        insert(c, sql, Long.MAX_VALUE, 1e-300, new BigDecimal("1234567890.1234"), TRICKY_TEXT, ALL_BYTES, true,
                OffsetDateTime.parse("2026-12-06T10:15:30.123456+02:00"), "5f0c6a1e-7d2b-4f7e-9a3c-1b2d3e4f5a6b");
        insert(c, sql, Long.MIN_VALUE, -0.5, new BigDecimal("-0.0001"), UNICODE, new byte[0], false,
                OffsetDateTime.parse("1999-12-31T23:59:59Z"), null);
        insert(c, sql, null, null, null, null, null, null, null, null);
        insert(c, sql, 0L, Double.MAX_VALUE, BigDecimal.ZERO, "", new byte[] {0, 'X', '\''}, true,
                OffsetDateTime.parse("2026-12-06T10:15:30Z"), null);
    }

    // --- helpers

    private Connection sqlite(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
    }

    private static void execute(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    /** Rows in a form both databases can be compared in: Long, Double, BigDecimal, String, hex, Boolean, Instant. */
    private static List<List<Object>> read(Connection c, String sql, Kind... kinds) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < kinds.length; i++) {
                    row.add(rs.getObject(i + 1) == null ? null : value(rs, i + 1, kinds[i]));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object value(ResultSet rs, int i, Kind kind) throws SQLException {
        return switch (kind) {
            case LONG -> rs.getLong(i);
            case DOUBLE -> rs.getDouble(i);
            case DECIMAL -> rs.getBigDecimal(i).stripTrailingZeros();
            case TEXT -> rs.getString(i);
            case BYTES -> HexFormat.of().formatHex(rs.getBytes(i));
            case BOOL -> rs.getBoolean(i);
            case INSTANT -> rs.getObject(i) instanceof String text ? Instant.parse(text)
                    : rs.getObject(i, OffsetDateTime.class).toInstant();
        };
    }

    private static List<String> columnTypes(Connection c, String table) throws SQLException {
        List<String> types = new ArrayList<>();
        for (List<Object> row : read(c, "SELECT data_type FROM information_schema.columns WHERE table_name = '" + table
                + "' ORDER BY ordinal_position", Kind.TEXT)) {
            types.add((String) row.get(0));
        }
        return types;
    }

    private static List<String> sqliteTypes(Connection c, String table) throws SQLException {
        List<String> types = new ArrayList<>();
        for (List<Object> row : read(c, "SELECT type FROM pragma_table_info('" + table + "')", Kind.TEXT)) {
            types.add((String) row.get(0));
        }
        return types;
    }

    private static byte[] allBytes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
