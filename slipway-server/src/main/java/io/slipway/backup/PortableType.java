package io.slipway.backup;

import java.util.Locale;

/**
 * The column types a portable export knows, each with its name in SQLite and in PostgreSQL.
 * Anything else (json, uuid, date, arrays, SQLite columns without a type…) travels as TEXT,
 * in the form the source database prints it.
 */
enum PortableType {
    INTEGER("INTEGER", "INTEGER"),
    BIGINT("INTEGER", "BIGINT"),
    DOUBLE("REAL", "DOUBLE PRECISION"),
    NUMERIC("NUMERIC", "NUMERIC"),
    TEXT("TEXT", "TEXT"),
    BLOB("BLOB", "BYTEA"),
    BOOLEAN("BOOLEAN", "BOOLEAN"),
    /** An instant; ISO-8601 text in UTC in the portable files and in SQLite, TIMESTAMPTZ in PostgreSQL. */
    TIMESTAMP("TIMESTAMP", "TIMESTAMPTZ");

    private final String sqlite;
    private final String postgres;

    PortableType(String sqlite, String postgres) {
        this.sqlite = sqlite;
        this.postgres = postgres;
    }

    /** The column type to create in the given database. */
    String ddl(PortableDialect dialect) {
        return dialect == PortableDialect.SQLITE ? sqlite : postgres;
    }

    /**
     * The PostgreSQL spelling, which SQLite accepts too (with the same affinities), so that a
     * SQL dump's CREATE TABLE statements load into either.
     */
    String portableDdl() {
        return postgres;
    }

    /** The portable type of a SQLite column, following SQLite's own affinity rules where they apply. */
    static PortableType ofSqlite(String declared) {
        String type = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
        if (type.contains("BOOL")) {
            return BOOLEAN;
        } else if (type.contains("TIMESTAMP") || type.contains("DATETIME")) {
            return TIMESTAMP;
        } else if (type.contains("INT")) {
            return BIGINT; // SQLite integers are 64-bit
        } else if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
            return TEXT;
        } else if (type.contains("BLOB") || type.contains("BYTEA")) {
            return BLOB;
        } else if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
            return DOUBLE;
        }
        return type.contains("NUMERIC") || type.contains("DECIMAL") ? NUMERIC : TEXT;
    }

    /** The portable type of a PostgreSQL column, from the type name the JDBC driver reports. */
    static PortableType ofPostgres(String typeName) {
        return switch (typeName.toLowerCase(Locale.ROOT)) {
            case "int2", "int4", "serial", "smallserial" -> INTEGER;
            case "int8", "bigserial", "oid" -> BIGINT;
            case "float4", "float8" -> DOUBLE;
            case "numeric" -> NUMERIC;
            case "bool" -> BOOLEAN;
            case "bytea" -> BLOB;
            case "timestamptz" -> TIMESTAMP;
            default -> TEXT;
        };
    }
}
