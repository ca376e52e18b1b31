package io.slipway.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Applies the ordered, versioned scripts under {@code db/store/} (listed in {@code index.txt})
 * and records each in {@code slipway_schema_history} with a CRC32 checksum, the same shape the
 * app migration engine uses, so that it can take these scripts over later.
 */
final class SchemaMigrations {
    private static final String DIR = "/db/store/";

    private SchemaMigrations() {
    }

    static void apply(Connection c, Clock clock) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS slipway_schema_history ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, checksum INTEGER NOT NULL,"
                    + " applied_at TEXT NOT NULL)");
        }
        Map<Integer, Long> applied = appliedChecksums(c);
        for (String name : scriptNames()) {
            int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
            String sql = resource(name);
            long checksum = crc32(sql);
            Long known = applied.get(version);
            if (known == null) {
                run(c, sql);
                record(c, version, name, checksum, clock);
            } else if (known != checksum) {
                throw new StoreException("store schema script " + name + " was edited after it was applied"
                        + " (checksum " + checksum + " != recorded " + known + ")");
            }
        }
    }

    private static Map<Integer, Long> appliedChecksums(Connection c) throws SQLException {
        Map<Integer, Long> applied = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM slipway_schema_history")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return applied;
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : statements(sql)) {
                s.execute(statement);
            }
        }
    }

    /** Splits on semicolons at line ends; the store's scripts contain no procedural code. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString());
        }
        return out;
    }

    private static void record(Connection c, int version, String name, long checksum, Clock clock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO slipway_schema_history (version, description, checksum, applied_at) VALUES (?,?,?,?)")) {
            ps.setInt(1, version);
            ps.setString(2, name.substring(name.indexOf("__") + 2, name.length() - 4).replace('_', ' '));
            ps.setLong(3, checksum);
            ps.setString(4, clock.instant().toString());
            ps.executeUpdate();
        }
    }

    private static List<String> scriptNames() {
        return resource("index.txt").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String resource(String name) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new StoreException("store schema script missing from the classpath: " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read store schema script " + name, e);
        }
    }

    private static long crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
