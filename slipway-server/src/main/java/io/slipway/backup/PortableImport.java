package io.slipway.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An export on disk being loaded: which form it is in, its schema, and how its rows are read. */
final class PortableImport {
    private final Path dir;
    private final PortableExport.Format format;
    private final PortableSchema schema;
    private final Path sqlFile;

    private PortableImport(Path dir, PortableExport.Format format, PortableSchema schema, Path sqlFile) {
        this.dir = dir;
        this.format = format;
        this.schema = schema;
        this.sqlFile = sqlFile;
    }

    /** Recognises {@code path}: a directory with schema.json or dump.sql, or a SQL dump file. */
    static PortableImport open(Path path) throws IOException {
        Path schemaFile = path.resolve(PortableExport.SCHEMA_FILE);
        if (Files.isDirectory(path) && Files.isRegularFile(schemaFile)) {
            PortableSchema schema = PortableSchema.parse(Files.readString(schemaFile), schemaFile);
            return new PortableImport(path, PortableExport.Format.JSONL, schema, null);
        }
        Path sql = Files.isDirectory(path) ? path.resolve(PortableExport.SQL_FILE) : path;
        if (!Files.isRegularFile(sql)) {
            throw new PortableExportException(path + ": neither " + PortableExport.SCHEMA_FILE + " nor "
                    + PortableExport.SQL_FILE + " found: not a Slipway portable export");
        }
        return new PortableImport(sql.getParent(), PortableExport.Format.SQL, SqlDumpReader.schema(sql), sql);
    }

    /** Prepares the target's tables, then loads every row. */
    PortableExport.ImportResult load(Connection c, PortableDialect dialect, boolean replace)
            throws SQLException, IOException {
        List<String> created = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        prepare(c, dialect, replace, created, replaced);
        Map<String, Long> rows = format == PortableExport.Format.JSONL ? loadJsonLines(c, dialect) : loadSql(c, dialect);
        for (PortableTable table : schema.tables()) {
            dialect.afterLoad(c, table);
        }
        return new PortableExport.ImportResult(rows, created, replaced);
    }

    /** Checks every table before touching any, so that a refusal names all of them. */
    private void prepare(Connection c, PortableDialect dialect, boolean replace, List<String> created,
                         List<String> replaced) throws SQLException {
        List<String> occupied = occupied(c, dialect);
        if (!occupied.isEmpty() && !replace) {
            throw new PortableExportException("target tables " + occupied + " already have rows; nothing was"
                    + " imported (import with replace to delete their rows first)");
        }
        for (PortableTable table : schema.tables()) {
            if (occupied.contains(table.name())) {
                PortableDialect.deleteRows(c, table.name());
                replaced.add(table.name());
            } else if (!dialect.tableExists(c, table.name())) {
                execute(c, table.createSql(type -> type.ddl(dialect)));
                created.add(table.name());
            }
        }
    }

    /** The tables of the export that exist in the target and already have rows. */
    private List<String> occupied(Connection c, PortableDialect dialect) throws SQLException {
        List<String> occupied = new ArrayList<>();
        for (PortableTable table : schema.tables()) {
            if (dialect.tableExists(c, table.name()) && PortableDialect.hasRows(c, table.name())) {
                occupied.add(table.name());
            }
        }
        return occupied;
    }

    private Map<String, Long> loadJsonLines(Connection c, PortableDialect dialect) throws SQLException, IOException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (PortableTable table : schema.tables()) {
            try (TableRows loader = TableRows.loader(c, dialect, table)) {
                rows.put(table.name(), JsonLinesFiles.load(dir, table, loader));
            }
        }
        return rows;
    }

    /** Loads the dump's INSERTs, each table through its own batch, whatever order they come in. */
    private Map<String, Long> loadSql(Connection c, PortableDialect dialect) throws SQLException, IOException {
        Map<String, TableRows> loaders = new HashMap<>();
        try (SqlDumpReader reader = new SqlDumpReader(sqlFile)) {
            for (SqlDumpReader.Insert insert = reader.next(); insert != null; insert = reader.next()) {
                PortableTable table = table(insert);
                TableRows loader = loaders.get(table.name());
                if (loader == null) {
                    loader = TableRows.loader(c, dialect, table);
                    loaders.put(table.name(), loader);
                }
                loader.add(row(table, insert));
            }
            return finish(loaders);
        } finally {
            for (TableRows loader : loaders.values()) {
                loader.close();
            }
        }
    }

    private Map<String, Long> finish(Map<String, TableRows> loaders) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (PortableTable table : schema.tables()) {
            TableRows loader = loaders.get(table.name());
            rows.put(table.name(), loader == null ? 0L : loader.finish());
        }
        return rows;
    }

    private PortableTable table(SqlDumpReader.Insert insert) {
        return schema.tables().stream().filter(t -> t.name().equals(insert.table())).findFirst()
                .orElseThrow(() -> new PortableExportException(sqlFile + " line " + insert.line() + ": table "
                        + insert.table() + " is not in the dump's schema"));
    }

    /** The INSERT's values in the table's column order, converted to the columns' portable types. */
    private Object[] row(PortableTable table, SqlDumpReader.Insert insert) {
        Object[] row = new Object[table.columns().size()];
        for (int i = 0; i < insert.columns().size(); i++) {
            int column = table.columnNames().indexOf(insert.columns().get(i));
            String where = sqlFile + " line " + insert.line() + ": " + table.name() + "." + insert.columns().get(i);
            if (column < 0) {
                throw new PortableExportException(where + " is not a column of the table in the dump's schema");
            }
            row[column] = PortableValues.canonical(table.columns().get(column).type(), insert.values().get(i), where);
        }
        return row;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
