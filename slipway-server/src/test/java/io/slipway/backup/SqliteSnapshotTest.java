package io.slipway.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A database read straight from its files as of one instant, while its app writes and checkpoints. */
class SqliteSnapshotTest {
    @TempDir
    Path dir;

    @Test
    void holdsExactlyTheSnapshotWhileTheAppWritesAndCheckpointsDuringTheRead() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection app = walDatabase(db)) {
            insert(app, 0, 3000); // pages in the database file
            execute(app, "PRAGMA wal_checkpoint(TRUNCATE)");
            insert(app, 3000, 2000); // and newer versions of some of them only in the WAL
            Path copy = dir.resolve("copy.db");
            try (SqliteSnapshot snapshot = SqliteSnapshot.open(db).orElseThrow();
                 InputStream content = snapshot.content(); OutputStream out = Files.newOutputStream(copy)) {
                byte[] half = content.readNBytes(snapshot.pageSize() * snapshot.pages() / 2);
                out.write(half);
                insert(app, 5000, 2000); // the app is not held up
                execute(app, "DELETE FROM orders WHERE id <= 1000");
                execute(app, "PRAGMA wal_checkpoint(PASSIVE)"); // writes pages of the snapshot into the file
                content.transferTo(out);
                assertThat(SqliteDatabase.inspect(snapshot.connection(), false).rows()).containsEntry("orders", 5000L);
            }
            SqliteDatabase.Inspection restored = SqliteDatabase.inspect(copy);
            assertThat(restored.intact()).as(restored.integrity()).isTrue();
            assertThat(restored.rows()).containsEntry("orders", 5000L);
            assertThat(count(copy, "SELECT min(id) FROM orders")).isEqualTo(1);
            assertThat(count(app, "SELECT count(*) FROM orders")).isEqualTo(6000);
        }
    }

    @Test
    void readsTheSameBytesWhateverTheReadSizesAcrossPageBoundaries() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection app = walDatabase(db)) {
            insert(app, 0, 1500);
            execute(app, "PRAGMA wal_checkpoint(TRUNCATE)");
            execute(app, "UPDATE orders SET body = 'changed ' || id WHERE id % 7 = 0");
            byte[] whole;
            try (SqliteSnapshot snapshot = SqliteSnapshot.open(db).orElseThrow(); InputStream in = snapshot.content()) {
                whole = in.readAllBytes();
            }
            try (SqliteSnapshot snapshot = SqliteSnapshot.open(db).orElseThrow(); InputStream in = snapshot.content()) {
                java.io.ByteArrayOutputStream odd = new java.io.ByteArrayOutputStream();
                byte[] buffer = new byte[1000];
                for (int n; (n = in.read(buffer, 0, 1 + odd.size() % buffer.length)) > 0; ) {
                    odd.write(buffer, 0, n);
                }
                assertThat(in.read()).isEqualTo(-1);
                assertThat(odd.toByteArray()).isEqualTo(whole);
            }
            Path copy = Files.write(dir.resolve("copy.db"), whole);
            assertThat(count(copy, "SELECT count(*) FROM orders WHERE body LIKE 'changed %'")).isEqualTo(1500 / 7);
        }
    }

    @Test
    void aRollbackJournalDatabaseIsCopiedAsItsFileAndWritersWaitUntilTheSnapshotCloses() throws Exception {
        Path db = dir.resolve("journal.db");
        try (Connection app = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            execute(app, "CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
            insert(app, 0, 500);
            execute(app, "PRAGMA busy_timeout = 0");
            try (SqliteSnapshot snapshot = SqliteSnapshot.open(db).orElseThrow(); InputStream in = snapshot.content()) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(db));
                assertThatThrownBy(() -> insert(app, 500, 1)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("locked");
            }
            insert(app, 500, 1);
            assertThat(count(app, "SELECT count(*) FROM orders")).isEqualTo(501);
        }
    }

    @Test
    void declinesAWalTooLongToHoldAndNamesAMissingDatabase() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection app = walDatabase(db)) {
            insert(app, 0, 200);
            assertThat(SqliteSnapshot.open(db, 1024)).isEmpty();
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                insert(other, 200, 1); // the declined snapshot left no lock behind
            }
        }
        assertThatThrownBy(() -> SqliteSnapshot.open(dir.resolve("none.db"))).isInstanceOf(BackupException.class)
                .hasMessageContaining("none.db does not exist");
    }

    @Test
    void aBusyAppStillGetsItsBackupTakenWithEveryCommittedRow() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection setup = walDatabase(db)) {
            insert(setup, 0, 10);
        }
        try (OrderWriter writer = OrderWriter.start(db)) {
            await().until(() -> writer.committed() >= 2000);
            long committed = writer.committed();
            Path copy = dir.resolve("copy.db");
            try (SqliteSnapshot snapshot = SqliteSnapshot.open(db).orElseThrow(); InputStream in = snapshot.content()) {
                Files.copy(in, copy);
            }
            SqliteDatabase.Inspection inspected = SqliteDatabase.inspect(copy);
            assertThat(inspected.intact()).as(inspected.integrity()).isTrue();
            assertThat(inspected.rows().get("orders")).isGreaterThanOrEqualTo(committed + 10);
            await().until(() -> writer.committed() >= committed + 1000); // the writer was never held up for long
        }
    }

    private static Connection walDatabase(Path db) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        execute(c, "PRAGMA journal_mode=WAL");
        execute(c, "PRAGMA wal_autocheckpoint=0");
        execute(c, "CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        return c;
    }

    private static void insert(Connection c, int from, int n) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (var insert = c.prepareStatement("INSERT INTO orders (id, body) VALUES (?, ?)")) {
            for (int i = from + 1; i <= from + n; i++) {
                insert.setInt(1, i);
                insert.setString(2, "order " + i + " " + "x".repeat(200));
                insert.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static long count(Path file, String sql) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return count(c, sql);
        }
    }
}
