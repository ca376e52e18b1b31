package io.slipway.backup;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One table of a portable export: its columns with their portable types, its primary key, and
 * the file its rows are in (JSON lines only).
 *
 * @param name       the table's name in the source database
 * @param file       the JSON lines file holding its rows, relative to the export directory; null in a SQL dump
 * @param columns    its columns, in order
 * @param primaryKey the columns of its primary key, in key order; empty when it has none
 */
record PortableTable(String name, String file, List<Column> columns, List<String> primaryKey) {
    PortableTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /**
     * One column.
     *
     * @param name       its name
     * @param type       its portable type
     * @param nullable   whether it accepts NULL
     * @param sourceType the type the source database declared, kept for people reading schema.json
     */
    record Column(String name, PortableType type, boolean nullable, String sourceType) {
    }

    /** {@code CREATE TABLE IF NOT EXISTS} with the given type spelling. */
    String createSql(java.util.function.Function<PortableType, String> typeName) {
        String columnsSql = columns.stream()
                .map(c -> quote(c.name()) + " " + typeName.apply(c.type()) + (c.nullable() ? "" : " NOT NULL"))
                .collect(Collectors.joining(", "));
        String key = primaryKey.isEmpty() ? "" : ", PRIMARY KEY (" + quotedList(primaryKey) + ")";
        return "CREATE TABLE IF NOT EXISTS " + quote(name) + " (" + columnsSql + key + ")";
    }

    /** {@code INSERT} of one row, one parameter per column. */
    String insertSql() {
        String params = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        return "INSERT INTO " + quote(name) + " (" + quotedList(columnNames()) + ") VALUES (" + params + ")";
    }

    /** {@code SELECT} of every row, in primary key order when there is one, so that exports are stable. */
    String selectSql() {
        String order = primaryKey.isEmpty() ? "" : " ORDER BY " + quotedList(primaryKey);
        return "SELECT " + quotedList(columnNames()) + " FROM " + quote(name) + order;
    }

    List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** Where a value is, for messages: {@code table.column row n}. */
    String where(int column, long row) {
        return name + "." + columns.get(column).name() + " row " + row;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String quotedList(List<String> names) {
        return names.stream().map(PortableTable::quote).collect(Collectors.joining(", "));
    }
}
