package io.slipway.backup;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The WAL reader against WAL files SQLite wrote (copied, so the tests can damage them). */
class WalFileTest {
    @TempDir
    Path dir;
    private AppDatabase app;

    @BeforeEach
    void appWithoutAutoCheckpoint() throws SQLException {
        app = AppDatabase.create(dir.resolve("app.db"));
        app.execute("PRAGMA wal_autocheckpoint=0");
    }

    @Test
    void readsEveryCommittedFrameAsSqliteCountsThem() throws Exception {
        app.insertRows(50);
        Path wal = copyOfWal("a");
        WalDelta all = WalFile.readAll(wal);
        assertThat(all.lastFrame()).isEqualTo(framesSqliteCounts());
        assertThat(all.end().frame()).isEqualTo(all.lastFrame());
        assertThat(all.pageSize()).isEqualTo(4096);
        assertThat(all.pages()).as("newest version of each page once").hasSizeLessThan(all.lastFrame());
        assertThat(all.pages().lastKey()).isLessThanOrEqualTo(all.dbSizePages());

        app.insertRows(5);
        WalDelta next = WalFile.readAfter(copyOfWal("b"), all.end(), WalPosition.EMPTY);
        assertThat(next.firstFrame()).isEqualTo(all.lastFrame() + 1);
        assertThat(next.lastFrame()).isEqualTo(framesSqliteCounts());
    }

    @Test
    void stopsAtTheLastWholeTransactionBeforeATornOrDamagedFrame() throws Exception {
        app.insertRows(10);
        int committedBefore = WalFile.readAll(copyOfWal("a")).lastFrame();
        app.insertRows(10);
        Path torn = copyOfWal("torn");
        long frameSize = 24 + 4096;
        try (FileChannel c = FileChannel.open(torn, StandardOpenOption.WRITE)) {
            c.truncate(WalHeader.SIZE + committedBefore * frameSize + frameSize / 2);
        }
        assertThat(WalFile.readAll(torn).lastFrame()).isEqualTo(committedBefore);

        Path damaged = copyOfWal("damaged");
        flipByte(damaged, WalHeader.SIZE + committedBefore * frameSize + 24 + 100);
        assertThat(WalFile.readAll(damaged).lastFrame()).isEqualTo(committedBefore);
    }

    @Test
    void followsARestartOnlyFromWhereCaptureSealed() throws Exception {
        app.insertRows(5);
        WalPosition endOfFirstCycle = WalFile.readAll(copyOfWal("a")).end();
        app.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        app.insertRows(3);
        Path secondCycle = copyOfWal("b");

        WalDelta followed = WalFile.readAfter(secondCycle, endOfFirstCycle, endOfFirstCycle);
        assertThat(followed.firstFrame()).isEqualTo(1);
        assertThat(followed.lastFrame()).isEqualTo(framesSqliteCounts());
        assertThat(followed.end().checkpointSeq()).isEqualTo(endOfFirstCycle.checkpointSeq() + 1);

        WalPosition notSealed = endOfFirstCycle.at(endOfFirstCycle.frame() - 1, new int[] {0, 0});
        assertThatThrownBy(() -> WalFile.readAfter(secondCycle, endOfFirstCycle, notSealed))
                .isInstanceOf(WalGapException.class)
                .hasMessageContaining("while frames after frame " + endOfFirstCycle.frame() + " were not yet copied");

        app.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        app.insertRows(1);
        assertThatThrownBy(() -> WalFile.readAfter(copyOfWal("c"), endOfFirstCycle, endOfFirstCycle))
                .as("two restarts: the cycle in between was never seen").isInstanceOf(WalGapException.class);
    }

    @Test
    void anEmptyOrAbsentWalHasNothingNew() throws Exception {
        assertThat(WalFile.readAll(dir.resolve("none-wal")).isEmpty()).isTrue();
        Path empty = Files.createFile(dir.resolve("empty-wal"));
        assertThat(WalFile.readAfter(empty, WalPosition.EMPTY, WalPosition.EMPTY).end()).isEqualTo(WalPosition.EMPTY);
    }

    private Path copyOfWal(String name) throws IOException {
        return Files.copy(dir.resolve("app.db-wal"), dir.resolve(name + "-wal"));
    }

    /**
     * The frames SQLite wrote, from the WAL's size: right for a WAL that was never restarted over
     * older frames (asking SQLite through a checkpoint would let the next write restart it).
     */
    private int framesSqliteCounts() throws IOException {
        return (int) ((Files.size(dir.resolve("app.db-wal")) - WalHeader.SIZE) / (24 + 4096));
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            c.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 1)).rewind();
            c.write(b, offset);
        }
    }
}
