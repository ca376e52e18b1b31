package io.slipway.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a portable export holds: {@code schema.json} beside JSON lines files, and the header of
 * a SQL dump.
 *
 * @param format  always {@value #FORMAT}, so that a stray file is recognised as not ours
 * @param version the layout version, {@value #VERSION}
 * @param source  the source database, e.g. "SQLite 3.50.4"
 * @param tables  every table, in export order
 */
record PortableSchema(String format, int version, String source, List<PortableTable> tables) {
    static final String FORMAT = "slipway-portable";
    static final int VERSION = 1;
    static final ObjectMapper JSON = new ObjectMapper();

    PortableSchema {
        tables = List.copyOf(tables);
    }

    static PortableSchema of(String source, List<PortableTable> tables) {
        return new PortableSchema(FORMAT, VERSION, source, tables);
    }

    /** The schema as one line of JSON. */
    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new PortableExportException("cannot write the export's schema: " + e.getMessage(), e);
        }
    }

    void write(Path file) {
        try {
            JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new PortableExportException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a schema, naming {@code origin} (a file) when it is not one of ours. */
    static PortableSchema parse(String json, Object origin) {
        PortableSchema schema;
        try {
            schema = JSON.readValue(json, PortableSchema.class);
        } catch (IOException e) {
            throw new PortableExportException(origin + ": not a Slipway portable export schema: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(schema.format()) || schema.version() != VERSION) {
            throw new PortableExportException(origin + ": format " + schema.format() + " version " + schema.version()
                    + " is not " + FORMAT + " version " + VERSION);
        }
        return schema;
    }
}
