package io.slipway.store;

import io.slipway.migrate.Migrator;
import io.slipway.migrate.Version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Stores made before Slipway's schema moved onto the migration engine recorded the scripts they ran
 * in {@code slipway_schema_history} (version, description, CRC32 of the whole file, applied_at).
 * Such a store is converted once, when it is opened: the recorded checksums are checked against the
 * scripts (as the old code did on every start), the engine's history gets a baseline at the highest
 * version applied, so that those scripts never run again and newer ones do, and the old table is
 * dropped. A conversion cut short between the baseline and the drop finishes on the next open.
 */
final class LegacySchemaHistory {
    static final String TABLE = "slipway_schema_history";
    static final String DESCRIPTION = "converted from " + TABLE;

    private LegacySchemaHistory() {
    }

    static void convert(Store store, Migrator migrator, Path scripts) {
        Map<Integer, Long> applied = store.read(LegacySchemaHistory::applied);
        if (applied == null) {
            return;
        }
        verify(applied, scripts);
        if (!applied.isEmpty() && migrator.status().current() == null) {
            migrator.baseline(Version.parse(String.valueOf(Collections.max(applied.keySet()))), DESCRIPTION);
        }
        store.write(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("DROP TABLE " + TABLE);
            }
        });
    }

    /** Checksum by version, or null when the store has no old history (it is new, or converted). */
    private static Map<Integer, Long> applied(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, null, TABLE, null)) {
            if (!tables.next()) {
                return null;
            }
        }
        Map<Integer, Long> applied = new TreeMap<>();
        Sql.query(c, "SELECT version, checksum FROM " + TABLE, rs -> applied.put(rs.getInt(1), rs.getLong(2)));
        return applied;
    }

    private static void verify(Map<Integer, Long> applied, Path scripts) {
        applied.forEach((version, recorded) -> {
            Path script = script(scripts, version);
            long checksum = crc32(script);
            if (checksum != recorded) {
                throw new StoreException("store schema script " + script.getFileName() + " was edited after it was"
                        + " applied (checksum " + checksum + " != recorded " + recorded + " in " + TABLE + ")");
            }
        });
    }

    private static Path script(Path scripts, int version) {
        try (Stream<Path> files = Files.list(scripts)) {
            List<Path> matching = files.filter(f -> f.getFileName().toString().startsWith("V" + version + "__")).toList();
            if (matching.size() != 1) {
                throw new StoreException(TABLE + " records version " + version + ", but " + scripts + " has "
                        + matching.size() + " scripts V" + version + "__*.sql");
            }
            return matching.get(0);
        } catch (IOException e) {
            throw new StoreException("cannot list store schema scripts in " + scripts + ": " + e, e);
        }
    }

    private static long crc32(Path script) {
        CRC32 crc = new CRC32();
        try {
            crc.update(Files.readAllBytes(script));
        } catch (IOException e) {
            throw new StoreException("cannot read store schema script " + script + ": " + e, e);
        }
        return crc.getValue();
    }
}
