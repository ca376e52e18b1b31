package io.slipway.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * One {@code <table>.jsonl} per table: a JSON object per line, keyed by column name. Blobs are
 * base64, NUMERIC values and instants strings (so no reader rounds them), doubles numbers
 * (NaN and the infinities as strings).
 */
final class JsonLinesFiles {
    private static final ObjectReader READER = PortableSchema.JSON.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonLinesFiles() {
    }

    /** A file name for each table that is safe on any file system and unique even ignoring case. */
    static String fileName(String table, Set<String> taken) {
        StringBuilder name = new StringBuilder();
        for (byte b : table.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (b & 0xFF);
            boolean safe = ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_' || ch == '-' || ch == '.');
            name.append(safe && !(ch == '.' && name.length() == 0) ? String.valueOf(ch) : String.format("%%%02X", b & 0xFF));
        }
        String candidate = name + ".jsonl";
        for (int i = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = name + "-" + i + ".jsonl";
        }
        return candidate;
    }

    /** Writes the rows of {@code table} to {@code file}; returns how many. */
    static long write(Connection c, PortableDialect dialect, PortableTable table, Path file)
            throws SQLException, IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             JsonGenerator json = PortableSchema.JSON.getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            return TableRows.scan(c, dialect, table, row -> writeRow(json, table, row));
        }
    }

    private static void writeRow(JsonGenerator json, PortableTable table, Object[] row) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < row.length; i++) {
            json.writeFieldName(table.columns().get(i).name());
            writeValue(json, row[i]);
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Long l) {
            json.writeNumber(l);
        } else if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                json.writeNumber(d);
            } else {
                json.writeString(d.toString());
            }
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof byte[] bytes) {
            json.writeString(Base64.getEncoder().encodeToString(bytes));
        } else {
            json.writeString(value instanceof BigDecimal d ? d.toPlainString() : value.toString());
        }
    }

    /** Loads every line of the table's file through {@code loader}; returns how many rows. */
    static long load(Path dir, PortableTable table, TableRows loader) throws IOException, SQLException {
        Path file = dir.resolve(table.file());
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long line = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (!text.isBlank()) {
                    loader.add(parseRow(READER.readTree(text), table, file + ":" + line));
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PortableExportException(file + ": not JSON lines: " + e.getOriginalMessage(), e);
        }
        return loader.finish();
    }

    private static Object[] parseRow(JsonNode node, PortableTable table, String where) {
        if (!node.isObject() || node.size() != table.columns().size()) {
            throw new PortableExportException(where + ": expected an object with the " + table.columns().size()
                    + " columns of " + table.name() + " " + table.columnNames() + ", found " + abbreviate(node));
        }
        Object[] row = new Object[table.columns().size()];
        for (int i = 0; i < row.length; i++) {
            PortableTable.Column column = table.columns().get(i);
            JsonNode value = node.get(column.name());
            if (value == null) {
                throw new PortableExportException(where + ": no value for column " + column.name());
            }
            row[i] = PortableValues.canonical(column.type(), raw(value, column.type(), where), where + " " + column.name());
        }
        return row;
    }

    private static Object raw(JsonNode value, PortableType type, String where) {
        if (value.isNull()) {
            return null;
        } else if (value.isBoolean()) {
            return value.booleanValue();
        } else if (value.isNumber()) {
            return value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.longValue() : value.decimalValue();
        } else if (value.isTextual() && type == PortableType.BLOB) {
            return base64(value.textValue(), where);
        } else if (value.isTextual()) {
            return value.textValue();
        }
        throw new PortableExportException(where + ": " + abbreviate(value) + " is not a " + type + " value");
    }

    private static byte[] base64(String text, String where) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new PortableExportException(where + ": a BLOB value must be base64: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
