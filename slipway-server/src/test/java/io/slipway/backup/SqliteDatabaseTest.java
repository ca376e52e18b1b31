package io.slipway.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Online copies of a database that an app keeps writing at over 500 inserts a second. */
class SqliteDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void aCopyTakenUnderAConcurrentWriterHoldsEveryRowCommittedBeforeItBeganAndIsIntact() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = setup.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
            s.execute("PRAGMA user_version = 7");
        }
        try (OrderWriter writer = OrderWriter.start(db)) {
            await().until(() -> writer.committed() >= 2000);
            for (int i = 0; i < 3; i++) {
                long before = writer.committed();
                Path copy = dir.resolve("copy-" + i + ".db");
                SqliteDatabase.copy(db, copy);
                SqliteDatabase.Inspection inspected = SqliteDatabase.inspect(copy);
                assertThat(inspected.intact()).as(inspected.integrity()).isTrue();
                assertThat(inspected.rows().get("orders")).isGreaterThanOrEqualTo(before);
                assertThat(inspected.userVersion()).isEqualTo(7);
                await().until(() -> writer.committed() >= before + 1000); // the writer was never held up for long
            }
        }
    }

    @Test
    void refusesAMissingDatabaseAnExistingTargetAndAFileThatIsNotADatabase() throws Exception {
        assertThatThrownBy(() -> SqliteDatabase.copy(dir.resolve("none.db"), dir.resolve("out.db")))
                .isInstanceOf(BackupException.class).hasMessageContaining("none.db does not exist");
        Path junk = Files.writeString(dir.resolve("junk.db"), "this is not a database, just text long enough to look like one");
        Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");
        assertThatThrownBy(() -> SqliteDatabase.copy(junk, existing)).hasMessageContaining("will not overwrite");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
        assertThatThrownBy(() -> SqliteDatabase.inspect(junk)).isInstanceOf(BackupException.class)
                .hasMessageContaining("not a readable SQLite database");
    }
}
