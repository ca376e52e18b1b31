package io.slipway.backup;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Values on their way between databases and portable files. Each portable type has one Java
 * form — Long, Double, BigDecimal, String, byte[], Boolean, Instant — and whatever a driver or
 * file hands over is converted to it, or refused when that would change the value.
 */
final class PortableValues {
    /** {@code CURRENT_TIMESTAMP} in SQLite: UTC, a space instead of the T, no zone. */
    private static final DateTimeFormatter SQLITE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    private PortableValues() {
    }

    /** Reads column {@code i} of the current row in the portable form of {@code type}. */
    static Object read(ResultSet rs, int i, PortableType type, PortableDialect dialect, String where)
            throws SQLException {
        Object raw = rs.getObject(i);
        if (raw == null) {
            return null;
        }
        if (type == PortableType.TEXT && !(raw instanceof byte[])) {
            raw = rs.getString(i); // json, uuid, dates, arrays…: the database's own text form
        } else if (type == PortableType.TIMESTAMP && dialect == PortableDialect.POSTGRESQL) {
            raw = rs.getObject(i, OffsetDateTime.class);
        }
        return canonical(type, raw, where);
    }

    /** Converts {@code raw} to the Java form of {@code type}; {@code where} names the table, column and row. */
    static Object canonical(PortableType type, Object raw, String where) {
        if (raw == null) {
            return null;
        }
        try {
            return switch (type) {
                case INTEGER, BIGINT -> toLong(raw);
                case DOUBLE -> toDouble(raw);
                case NUMERIC -> toDecimal(raw);
                case TEXT -> toText(raw);
                case BLOB -> toBytes(raw);
                case BOOLEAN -> toBoolean(raw);
                case TIMESTAMP -> toInstant(raw);
            };
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
            throw new PortableExportException(where + ": " + describe(raw) + " is not a " + type
                    + " value (" + e.getMessage() + ")", e);
        }
    }

    /** Binds a portable value as parameter {@code i}. */
    static void bind(PreparedStatement ps, int i, Object value, PortableDialect dialect) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.NULL);
        } else if (value instanceof Instant instant) {
            if (dialect == PortableDialect.POSTGRESQL) {
                ps.setObject(i, instant.atOffset(ZoneOffset.UTC));
            } else {
                ps.setString(i, instant.toString());
            }
        } else if (value instanceof String text && dialect == PortableDialect.POSTGRESQL) {
            // untyped, so that an existing uuid, json or date column takes the text as its own type would
            ps.setObject(i, text, Types.OTHER);
        } else {
            ps.setObject(i, value);
        }
    }

    private static long toLong(Object raw) {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        } else if (raw instanceof BigDecimal || raw instanceof Double || raw instanceof Float) {
            return new BigDecimal(raw.toString()).longValueExact();
        } else if (raw instanceof Boolean b) {
            return b ? 1 : 0;
        } else if (raw instanceof String s) {
            return Long.parseLong(s.strip());
        }
        throw new IllegalArgumentException("unexpected " + raw.getClass().getSimpleName());
    }

    private static double toDouble(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        } else if (raw instanceof String s) {
            return Double.parseDouble(s.strip()); // also NaN and Infinity
        }
        throw new IllegalArgumentException("unexpected " + raw.getClass().getSimpleName());
    }

    private static BigDecimal toDecimal(Object raw) {
        if (raw instanceof BigDecimal d) {
            return d;
        } else if (raw instanceof Double || raw instanceof Float) {
            return BigDecimal.valueOf(((Number) raw).doubleValue());
        } else if (raw instanceof Number || raw instanceof String) {
            return new BigDecimal(raw.toString().strip());
        }
        throw new IllegalArgumentException("unexpected " + raw.getClass().getSimpleName());
    }

    private static String toText(Object raw) {
        if (raw instanceof byte[]) {
            throw new IllegalArgumentException("binary data in a text column");
        }
        return raw instanceof BigDecimal d ? d.toPlainString() : raw.toString();
    }

    private static byte[] toBytes(Object raw) {
        if (raw instanceof byte[] bytes) {
            return bytes;
        }
        throw new IllegalArgumentException("a blob column holds " + raw.getClass().getSimpleName());
    }

    private static boolean toBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        } else if (raw instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        } else if (raw instanceof String s) {
            switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "t", "1": return true;
                case "false", "f", "0": return false;
                default: break;
            }
        }
        throw new IllegalArgumentException("expected true/false or 1/0");
    }

    private static Instant toInstant(Object raw) {
        if (raw instanceof Instant i) {
            return i;
        } else if (raw instanceof OffsetDateTime t) {
            return t.toInstant();
        } else if (raw instanceof Timestamp t) {
            return t.toInstant();
        } else if (raw instanceof Long || raw instanceof Integer) {
            return Instant.ofEpochMilli(((Number) raw).longValue()); // sqlite-jdbc's default for dates
        } else if (raw instanceof String s) {
            return parseInstant(s.strip());
        }
        throw new IllegalArgumentException("unexpected " + raw.getClass().getSimpleName());
    }

    private static Instant parseInstant(String text) {
        if (text.length() > 10 && text.charAt(10) == ' ' && !text.contains("+") && !text.endsWith("Z")) {
            return LocalDateTime.parse(text, SQLITE_TIMESTAMP).toInstant(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
    }

    private static String describe(Object raw) {
        if (raw instanceof byte[] bytes) {
            return "a blob of " + bytes.length + " bytes";
        }
        String text = raw.toString();
        return "\"" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "\"";
    }
}
