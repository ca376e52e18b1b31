package io.slipway.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBackupTest {
    private static TestPostgres pg;
    private static PostgresTools tools;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = TestPostgres.start();
        tools = PostgresTools.locate(System.getenv());
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pg.close();
    }

    @Test
    void dumpUnderAConcurrentWriterHoldsEveryRowCommittedBeforeItBeganAndRestoresConsistently() throws Exception {
        PostgresTarget app = pg.createDatabase("busy");
        execute(app, "CREATE TABLE events (id bigserial PRIMARY KEY, payload text NOT NULL)",
                "CREATE TABLE bulk AS SELECT g AS id, md5(g::text) AS digest FROM generate_series(1, 200000) g");
        try (ConcurrentWriter writer = ConcurrentWriter.start(app)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.committed().size() >= 300);
            List<Long> committedBefore = writer.committed();
            PostgresBackup.DumpResult result = PostgresBackup.dump(tools, app, dir.resolve("busy.dump"));
            int committedAfter = writer.committed().size();

            assertThat(committedAfter).as("rows the writer committed while pg_dump ran")
                    .isGreaterThan(committedBefore.size());
            assertThat(writer.rowsPerSecond()).isGreaterThanOrEqualTo(500);
            assertThat(result.rowCounts()).containsEntry("public.bulk", 200_000L);
            assertThat(result.rowCounts().get("public.events")).isBetween((long) committedBefore.size(),
                    (long) committedAfter);
            assertThat(result.bytes()).isEqualTo(Files.size(result.file())).isPositive();

            PostgresTarget restored = pg.createDatabase("busy_restored");
            PostgresBackup.restore(tools, restored, result.file());
            Set<Long> restoredIds = ids(restored);
            Set<Long> missing = new HashSet<>(committedBefore);
            missing.removeAll(restoredIds);
            assertThat(missing).as("rows committed before the dump began but missing after restore").isEmpty();
            assertThat(restoredIds).as("rows restored").hasSize(result.rowCounts().get("public.events").intValue());
            try (Connection c = PostgresCatalog.connect(restored)) {
                assertThat(PostgresCatalog.rowCounts(c)).isEqualTo(result.rowCounts());
            }
        }
    }

    @Test
    void verifyRestoresIntoAScratchDatabaseComparesCountsAndDropsIt() throws Exception {
        PostgresTarget app = seeded("verified");
        PostgresBackup.DumpResult dump = PostgresBackup.dump(tools, app, dir.resolve("verified.dump"));

        PostgresBackup.VerifyResult result = PostgresBackup.verify(tools, app, dump.file(), dump.rowCounts());

        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.restoredRows()).isEqualTo(dump.rowCounts()).containsEntry("public.items", 5000L);
        assertThat(result.sha256()).isEqualTo(dump.sha256());
        assertThat(result.scratchDatabase()).startsWith("slipway_verify_");
        assertThat(pg.databasesStartingWith("slipway_verify_")).isEmpty();
    }

    @Test
    void verifyFailsWhenARestoredCountDiffersFromTheDumps() throws Exception {
        PostgresTarget app = seeded("miscounted");
        PostgresBackup.DumpResult dump = PostgresBackup.dump(tools, app, dir.resolve("miscounted.dump"));

        PostgresBackup.VerifyResult result = PostgresBackup.verify(tools, app, dump.file(),
                Map.of("public.items", 5001L, "public.notes", 2L));

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).containsExactly(
                dump.file() + ": table public.items has 5000 rows after restore, the dump's snapshot had 5001 rows");
        assertThat(pg.databasesStartingWith("slipway_verify_")).isEmpty();
    }

    @Test
    void verifyFailsNamingTheFileWhenTheDumpIsCorrupted() throws Exception {
        PostgresTarget app = seeded("damaged");
        PostgresBackup.DumpResult dump = PostgresBackup.dump(tools, app, dir.resolve("damaged.dump"));
        byte[] bytes = Files.readAllBytes(dump.file());
        Path flipped = dir.resolve("flipped.dump");
        Files.write(flipped, flipMiddle(bytes));
        Path truncated = dir.resolve("truncated.dump");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length * 6 / 10));
        Path garbage = dir.resolve("garbage.dump");
        Files.writeString(garbage, "this is not a dump\n");

        for (Path bad : List.of(flipped, truncated, garbage)) {
            PostgresBackup.VerifyResult result = PostgresBackup.verify(tools, app, bad, dump.rowCounts());
            assertThat(result.ok()).as(bad.toString()).isFalse();
            assertThat(result.summary()).contains(bad.toString()).contains("FAILED");
            assertThat(result.problems()).allSatisfy(p -> assertThat(p).startsWith(bad + ": "));
        }
        assertThat(pg.databasesStartingWith("slipway_verify_")).isEmpty();
    }

    @Test
    void restoreBringsBackTheDumpedRowsAndTables() throws Exception {
        PostgresTarget app = seeded("rewound");
        PostgresBackup.DumpResult dump = PostgresBackup.dump(tools, app, dir.resolve("rewound.dump"));
        execute(app, "DELETE FROM items WHERE id <= 100", "UPDATE notes SET body = 'changed'", "DROP TABLE notes");

        PostgresBackup.restore(tools, app, dump.file());

        try (Connection c = PostgresCatalog.connect(app)) {
            assertThat(PostgresCatalog.rowCounts(c)).isEqualTo(dump.rowCounts());
        }
        assertThat(query(app, "SELECT body FROM notes ORDER BY id")).containsExactly("first 'note'", "zweite – ✓");
    }

    @Test
    void restoreOfACorruptedDumpFailsAndChangesNothing() throws Exception {
        PostgresTarget app = seeded("kept");
        PostgresBackup.DumpResult dump = PostgresBackup.dump(tools, app, dir.resolve("kept.dump"));
        Path truncated = dir.resolve("kept-truncated.dump");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(dump.file()), (int) dump.bytes() * 6 / 10));
        execute(app, "INSERT INTO notes (body) VALUES ('after the dump')");

        assertThatThrownBy(() -> PostgresBackup.restore(tools, app, truncated))
                .isInstanceOf(PostgresBackupException.class)
                .hasMessageContaining("restore of " + truncated).hasMessageContaining("nothing was changed");
        assertThat(query(app, "SELECT body FROM notes ORDER BY id")).contains("after the dump").hasSize(3);
    }

    @Test
    void wrongPasswordIsAClearErrorThatDoesNotShowThePassword() throws Exception {
        seeded("guarded");
        PostgresTarget wrong = new PostgresTarget("127.0.0.1", pg.target("guarded").port(), "guarded",
                TestPostgres.USER, "not-the-password");

        assertThatThrownBy(() -> PostgresBackup.dump(tools, wrong, dir.resolve("guarded.dump")))
                .isInstanceOf(PostgresBackupException.class)
                .hasMessageContaining("cannot connect to PostgreSQL " + wrong.describe())
                .hasMessageContaining("password authentication failed for user \"slipway\"")
                .hasMessageNotContaining("not-the-password");
        assertThat(dir.resolve("guarded.dump")).doesNotExist();
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers).as("temporary dump files").isEmpty();
        }
    }

    @Test
    void pgDumpGetsThePasswordOnlyThroughItsEnvironmentAndItsErrorsReachTheException() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("failing-bin"));
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.writeString(bin.resolve("pg_dump"), String.join("\n", "#!/bin/sh",
                "if [ \"$1\" = --version ]; then echo 'pg_dump (PostgreSQL) 15.99'; exit 0; fi",
                "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"",
                "printf '%s' \"$PGPASSWORD\" > \"$(dirname \"$0\")/password\"",
                "echo 'pg_dump: error: query failed: ERROR:  permission denied for table secrets' >&2",
                "exit 1", ""));
        Files.setPosixFilePermissions(bin.resolve("pg_dump"), PosixFilePermissions.fromString("rwxr-xr-x"));
        fakeTool(bin.resolve("pg_restore"), "pg_restore (PostgreSQL) 15.99");
        PostgresTarget app = seeded("failing");

        assertThatThrownBy(() -> PostgresBackup.dump(PostgresTools.locate(Map.of("SLIPWAY_PG_BIN", bin.toString())),
                app, out.resolve("failing.dump")))
                .isInstanceOf(PostgresBackupException.class)
                .hasMessageContaining("pg_dump of " + app.describe() + " failed: pg_dump: error: query failed: ERROR:"
                        + "  permission denied for table secrets");
        assertThat(Files.readString(bin.resolve("password"))).isEqualTo(TestPostgres.PASSWORD);
        assertThat(Files.readString(bin.resolve("args"))).doesNotContain(TestPostgres.PASSWORD)
                .contains("--format=custom").containsPattern("--snapshot=[0-9A-F]+-[0-9A-F]+-\\d+");
        try (var leftovers = Files.list(out)) {
            assertThat(leftovers).as("no dump, no temporary file").isEmpty();
        }
    }

    @Test
    void missingPgDumpGivesTheInstallHint() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty-bin"));

        assertThatThrownBy(() -> PostgresTools.locate(Map.of("SLIPWAY_PG_BIN", empty.toString(), "PATH", "/usr/bin")))
                .isInstanceOf(PostgresBackupException.class)
                .hasMessageStartingWith("pg_dump not found: install postgresql-client-15"
                        + " (apt-get install postgresql-client-15) or set SLIPWAY_PG_BIN")
                .hasMessageContaining(empty.toString());
    }

    @Test
    void refusesAServerNewerThanItsPgDump() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("old-bin"));
        fakeTool(bin.resolve("pg_dump"), "pg_dump (PostgreSQL) 14.11");
        fakeTool(bin.resolve("pg_restore"), "pg_restore (PostgreSQL) 14.11");
        PostgresTools old = PostgresTools.locate(Map.of("SLIPWAY_PG_BIN", bin.toString()));
        PostgresTarget app = seeded("newer");

        assertThat(old.version()).isEqualTo("14.11");
        assertThatThrownBy(() -> PostgresBackup.dump(old, app, dir.resolve("newer.dump")))
                .isInstanceOf(PostgresBackupException.class)
                .hasMessageContaining("pg_dump 14.11")
                .hasMessageContaining("cannot back up the PostgreSQL 15 server at " + app.describe())
                .hasMessageContaining("install postgresql-client-15");
    }

    @Test
    void findsAClientThatCanDumpTheTestServerAndReportsItsVersion() {
        assertThat(tools.major()).isGreaterThanOrEqualTo(15);
        assertThat(tools.version()).matches("\\d+\\.\\d+").startsWith(tools.major() + ".");
        assertThat(tools.pgRestore()).isExecutable();
    }

    private static PostgresTarget seeded(String name) throws SQLException {
        PostgresTarget app = pg.createDatabase(name);
        execute(app, "CREATE TABLE items (id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 5000) g",
                "CREATE TABLE notes (id serial PRIMARY KEY, body text)",
                "INSERT INTO notes (body) VALUES ('first ''note'''), ('zweite – ✓')");
        return app;
    }

    private static byte[] flipMiddle(byte[] bytes) {
        byte[] copy = bytes.clone();
        for (int i = copy.length / 2; i < copy.length / 2 + 64; i++) {
            copy[i] ^= (byte) 0xFF;
        }
        return copy;
    }

    private static void fakeTool(Path file, String versionLine) throws IOException {
        Files.writeString(file, "#!/bin/sh\necho '" + versionLine + "'\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void execute(PostgresTarget target, String... sql) throws SQLException {
        try (Connection c = PostgresCatalog.connect(target); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static List<String> query(PostgresTarget target, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = PostgresCatalog.connect(target); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static Set<Long> ids(PostgresTarget target) throws SQLException {
        Set<Long> ids = new HashSet<>();
        for (String id : query(target, "SELECT id FROM events")) {
            ids.add(Long.parseLong(id));
        }
        return ids;
    }
}
