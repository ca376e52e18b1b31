package io.slipway.backup;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code dump.sql}: CREATE TABLE statements with type names both SQLite and PostgreSQL
 * accept, then one INSERT per row, in one transaction. {@code sqlite3 db < dump.sql} loads it
 * as is, and so does {@code psql} unless a table has blobs: {@code X'…'} is SQLite's (and the
 * SQL standard's) binary literal but a bit string to PostgreSQL. {@link SqlDumpReader} reads
 * the schema from the header and loads either way.
 */
final class SqlDumpFile {
    static final String SCHEMA_PREFIX = "-- slipway-schema: ";

    private SqlDumpFile() {
    }

    /** Writes the dump; returns the rows written per table. */
    static Map<String, Long> write(Connection c, PortableDialect dialect, PortableSchema schema, Path file)
            throws SQLException, IOException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            header(out, schema);
            out.write("BEGIN;\n");
            for (PortableTable table : schema.tables()) {
                out.write(table.createSql(PortableType::portableDdl) + ";\n");
            }
            for (PortableTable table : schema.tables()) {
                String prefix = "INSERT INTO " + PortableTable.quote(table.name()) + " ("
                        + table.columnNames().stream().map(PortableTable::quote).collect(Collectors.joining(", "))
                        + ") VALUES (";
                rows.put(table.name(), TableRows.scan(c, dialect, table, row -> insert(out, prefix, row)));
            }
            out.write("COMMIT;\n");
        }
        return rows;
    }

    private static void header(Writer out, PortableSchema schema) throws IOException {
        int tables = schema.tables().size();
        out.write("-- Slipway portable SQL dump of " + schema.source().replace('\n', ' ') + ": " + tables
                + (tables == 1 ? " table" : " tables") + ".\n");
        out.write("-- Loads into SQLite and PostgreSQL; blobs are X'..' literals, which psql takes for bit strings:\n");
        out.write("-- load dumps with blobs into PostgreSQL with Slipway's import, which reads the schema below.\n");
        out.write(SCHEMA_PREFIX + schema.toJson() + "\n");
    }

    private static void insert(Writer out, String prefix, Object[] row) throws IOException {
        StringBuilder sql = new StringBuilder(prefix);
        for (int i = 0; i < row.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(literal(row[i]));
        }
        out.write(sql.append(");\n").toString());
    }

    /** A SQL literal both databases read back as the same value. */
    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        } else if (value instanceof Long || value instanceof Double d && Double.isFinite(d)) {
            return value.toString();
        } else if (value instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        } else if (value instanceof byte[] bytes) {
            return "X'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
        }
        return "'" + value.toString().replace("'", "''") + "'"; // text, instants, NaN and infinities
    }
}
