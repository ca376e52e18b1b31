package io.slipway.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stores made before the schema moved onto the migration engine (scripts run by the old
 * SchemaMigrations, recorded in slipway_schema_history) open with their data, converted once.
 */
class LegacySchemaHistoryTest {
    private static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__canary.sql", "V3__flags.sql",
            "V4__flag_events.sql", "V5__backups.sql");
    @TempDir
    Path dir;

    @Test
    void anOldStoreKeepsItsDataAndItsScriptsDoNotRunAgain() throws SQLException, IOException {
        Path file = oldStore(SCRIPTS.size());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO apps (name, stable_version, updated_at) VALUES ('web', 'v7', '2025-01-01T00:00:00Z')");
        }
        for (int open = 0; open < 2; open++) {
            try (Store store = Store.open(file, Clock.systemUTC())) {
                assertThat(new AppRepository(store).find("web")).get()
                        .extracting(AppRepository.AppState::stableVersion).isEqualTo("v7");
                assertThat(history(store)).containsExactly("BASELINE 5 " + LegacySchemaHistory.DESCRIPTION,
                        "SQL 6 deployment schema");
                assertThat(hasOldHistory(store)).isFalse();
            }
        }
    }

    @Test
    void scriptsTheOldStoreHadNotRunYetRunWithTheEngine() throws SQLException, IOException {
        Path file = oldStore(3);
        try (Store store = Store.open(file, Clock.systemUTC())) {
            assertThat(history(store)).containsExactly("BASELINE 3 " + LegacySchemaHistory.DESCRIPTION,
                    "SQL 4 flag events", "SQL 5 backups", "SQL 6 deployment schema");
            new BackupRepository(store).started("b1", "web", "manual", store.clock().instant(), "alice", null);
        }
    }

    @Test
    void refusesAnOldStoreWhoseScriptDiffersFromTheOneShipped() throws SQLException, IOException {
        Path file = oldStore(SCRIPTS.size());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("UPDATE slipway_schema_history SET checksum = 42 WHERE version = 2");
        }
        assertThatThrownBy(() -> Store.open(file, Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("V2__canary.sql was edited after it was applied")
                .hasMessageContaining("!= recorded 42");
    }

    @Test
    void aConversionCutShortBeforeTheOldTableWasDroppedFinishes() throws SQLException, IOException {
        Path file = oldStore(SCRIPTS.size());
        Store.open(file, Clock.systemUTC()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            recordOldHistory(c, SCRIPTS);
        }
        try (Store store = Store.open(file, Clock.systemUTC())) {
            assertThat(history(store)).containsExactly("BASELINE 5 " + LegacySchemaHistory.DESCRIPTION,
                    "SQL 6 deployment schema");
            assertThat(hasOldHistory(store)).isFalse();
        }
    }

    private static List<String> history(Store store) {
        return store.read(c -> Sql.query(c, "SELECT type, version, description FROM slipway_migration_history"
                + " ORDER BY installed_rank", rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)));
    }

    private static boolean hasOldHistory(Store store) {
        return store.read(c -> c.getMetaData().getTables(null, null, LegacySchemaHistory.TABLE, null).next());
    }

    /** A store as the old code made it: the first {@code scripts} scripts run and recorded the way it did. */
    private Path oldStore(int scripts) throws SQLException, IOException {
        Path file = dir.resolve("slipway.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            for (String name : SCRIPTS.subList(0, scripts)) {
                for (String statement : oldStatements(script(name))) {
                    s.execute(statement);
                }
            }
            recordOldHistory(c, SCRIPTS.subList(0, scripts));
        }
        return file;
    }

    private static void recordOldHistory(Connection c, List<String> names) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE slipway_schema_history (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                    + " checksum INTEGER NOT NULL, applied_at TEXT NOT NULL)");
        }
        for (String name : names) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO slipway_schema_history (version, description,"
                    + " checksum, applied_at) VALUES (?,?,?,?)")) {
                CRC32 crc = new CRC32();
                crc.update(script(name).getBytes(StandardCharsets.UTF_8));
                ps.setInt(1, Integer.parseInt(name.substring(1, name.indexOf("__"))));
                ps.setString(2, name.substring(name.indexOf("__") + 2, name.length() - 4).replace('_', ' '));
                ps.setLong(3, crc.getValue());
                ps.setString(4, "2025-06-01T12:00:00Z");
                ps.executeUpdate();
            }
        }
    }

    /** The old splitter: statements end with a semicolon at the end of a line; comment lines dropped. */
    private static List<String> oldStatements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--") && !trimmed.isEmpty()) {
                current.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    out.add(current.toString());
                    current.setLength(0);
                }
            }
        }
        return out;
    }

    private static String script(String name) throws IOException {
        try (InputStream in = LegacySchemaHistoryTest.class.getResourceAsStream("/db/store/sqlite/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
