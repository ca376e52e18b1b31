package io.slipway.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves data between SQLite and PostgreSQL in portable files, over JDBC: every user table (of
 * the connection's current schema in PostgreSQL) as JSON lines or as a plain SQL dump.
 *
 * <p>Columns travel with a portable type (INTEGER, BIGINT, DOUBLE, NUMERIC, TEXT, BLOB,
 * BOOLEAN, TIMESTAMP — see {@code schema.json}) and come back as the matching type of the
 * target: SQLite INTEGER, REAL, BLOB…, PostgreSQL BIGINT, DOUBLE PRECISION, BYTEA, TIMESTAMPTZ…
 * Primary keys are kept; indexes, foreign keys, defaults and sequences are not — for those,
 * create the tables with the application's own schema first and import into them.
 */
public final class PortableExport {
    static final String SCHEMA_FILE = "schema.json";
    static final String SQL_FILE = "dump.sql";

    private PortableExport() {
    }

    /** The two portable forms. */
    public enum Format {
        /** One {@code <table>.jsonl} per table plus {@code schema.json}. */
        JSONL,
        /** One {@code dump.sql}: CREATE TABLE with portable types, then INSERTs. */
        SQL
    }

    /**
     * What an export wrote.
     *
     * @param dir       the export directory
     * @param format    its form
     * @param files     the files written, schema.json last
     * @param rowCounts rows per table
     */
    public record ExportResult(Path dir, Format format, List<Path> files, Map<String, Long> rowCounts) {
        public ExportResult {
            files = List.copyOf(files);
            rowCounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
        }
    }

    /**
     * What an import did.
     *
     * @param rowCounts rows loaded per table
     * @param created   the tables it created because they did not exist
     * @param replaced  the existing tables whose rows it deleted first
     */
    public record ImportResult(Map<String, Long> rowCounts, List<String> created, List<String> replaced) {
        public ImportResult {
            rowCounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
            created = List.copyOf(created);
            replaced = List.copyOf(replaced);
        }
    }

    /**
     * Exports every user table of {@code source} into {@code dir} (created if needed), reading all
     * of them in one transaction so that they are consistent with each other.
     *
     * @throws PortableExportException naming the table, column and row of a value that does not fit its type
     */
    public static ExportResult export(Connection source, Path dir, Format format) {
        try {
            Files.createDirectories(dir);
            PortableDialect dialect = PortableDialect.of(source);
            return ReadTransaction.run(source, dialect, () -> format == Format.JSONL
                    ? exportJsonLines(source, dialect, dir) : exportSql(source, dialect, dir));
        } catch (SQLException | IOException e) {
            throw new PortableExportException("export to " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private static ExportResult exportJsonLines(Connection c, PortableDialect dialect, Path dir)
            throws SQLException, IOException {
        List<PortableTable> tables = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>(Set.of(SCHEMA_FILE));
        for (PortableTable table : dialect.tables(c)) {
            PortableTable withFile = new PortableTable(table.name(), JsonLinesFiles.fileName(table.name(), taken),
                    table.columns(), table.primaryKey());
            Path file = dir.resolve(withFile.file());
            rows.put(table.name(), JsonLinesFiles.write(c, dialect, withFile, file));
            tables.add(withFile);
            files.add(file);
        }
        PortableSchema.of(source(c), tables).write(dir.resolve(SCHEMA_FILE)); // last: its presence means complete
        files.add(dir.resolve(SCHEMA_FILE));
        return new ExportResult(dir, Format.JSONL, files, rows);
    }

    private static ExportResult exportSql(Connection c, PortableDialect dialect, Path dir)
            throws SQLException, IOException {
        Path file = dir.resolve(SQL_FILE);
        Path temp = dir.resolve("." + SQL_FILE + ".tmp");
        PortableSchema schema = PortableSchema.of(source(c), dialect.tables(c));
        Map<String, Long> rows = SqlDumpFile.write(c, dialect, schema, temp);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ExportResult(dir, Format.SQL, List.of(file), rows);
    }

    /**
     * Loads an export into {@code target} in one transaction: tables that do not exist are created
     * with the portable type mapping, then every row is inserted. A table that already has rows is
     * refused unless {@code replace}, which deletes them first. Without autocommit the caller's
     * transaction is used and left for the caller to commit.
     *
     * @param dir an export directory (schema.json or dump.sql), or a dump.sql file itself
     * @throws PortableExportException naming the table (and for bad values the file and line); nothing is loaded then
     */
    public static ImportResult importInto(Connection target, Path dir, boolean replace) {
        try {
            PortableImport source = PortableImport.open(dir);
            PortableDialect dialect = PortableDialect.of(target);
            return WriteTransaction.run(target, () -> source.load(target, dialect, replace));
        } catch (SQLException | IOException e) {
            throw new PortableExportException("import from " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private static String source(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
    }
}
