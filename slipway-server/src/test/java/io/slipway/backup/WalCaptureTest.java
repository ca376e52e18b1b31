package io.slipway.backup;

import io.slipway.analysis.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WalCaptureTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;
    private Path db;
    private Path replica;
    private final TestClock clock = new TestClock(T0);

    @BeforeEach
    void paths() {
        db = dir.resolve("app.db");
        replica = dir.resolve("replica");
    }

    /**
     * The race a seal's write lock closes: a transaction committed (and checkpointed by the app)
     * after capture read the WAL's tail but before it renewed its read transaction would let the
     * WAL restart over frames never copied. Here such a commit is attempted in exactly that window.
     */
    @Test
    void aTransactionCommittedDuringASealIsNeverLost() throws Exception {
        ExecutorService otherWriter = Executors.newSingleThreadExecutor();
        AtomicInteger sideRows = new AtomicInteger();
        try (AppDatabase app = AppDatabase.create(db)) {
            app.execute("CREATE TABLE side (x)");
            app.execute("PRAGMA wal_autocheckpoint=1");
            WalCapture capture = WalCapture.open(db, replica, clock);
            // Into a table of its own: a later write to `rows` must not carry its page along by chance.
            capture.duringSeal = () -> commitFromAnotherThread(otherWriter, () -> {
                app.execute("INSERT INTO side VALUES (1)");
                sideRows.incrementAndGet();
            });
            app.insertRows(WalCapture.SEAL_AFTER_FRAMES);
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofSeconds(1));
                capture.poll();
                app.insertRows(1); // the write that restarts the WAL after a seal
            }
            otherWriter.shutdown();
            assertThat(otherWriter.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            capture.duringSeal = () -> { };
            capture.poll();
            capture.close();
        }
        AppDatabase.deleteWithSidecars(db);
        Path restored = dir.resolve("restored.db");
        PointInTimeRestore.restore(replica, T0.plusSeconds(60), restored);
        assertThat(sideRows.get()).as("seals ran").isGreaterThanOrEqualTo(2);
        assertThat(count(restored, "side")).isEqualTo(sideRows.get());
        assertThat(count(restored, "rows")).isEqualTo(WalCapture.SEAL_AFTER_FRAMES + 4);
        assertThat(Generation.all(replica)).as("continuity never lost").hasSize(1);
        assertThat(PointInTimeRestore.verify(replica).ok()).isTrue();
    }

    /** Every file is a journal commit the app's fsyncs may wait behind, so a seal writes one, not one per step. */
    @Test
    void aSealWritesWhatItReadAsOneSegment() throws Exception {
        try (AppDatabase app = AppDatabase.create(db)) {
            WalCapture capture = WalCapture.open(db, replica, clock);
            app.insertRows(WalCapture.SEAL_AFTER_FRAMES + 200);
            int cycle = walCycle(db);
            clock.advance(Duration.ofSeconds(1));
            capture.poll();
            app.insertRows(1);
            assertThat(walCycle(db)).as("the seal let the WAL restart").isEqualTo(cycle + 1);
            assertThat(Generation.all(replica).get(0).segments()).hasSize(1);
            capture.close();
        }
        assertThat(restoredRows()).isEqualTo(WalCapture.SEAL_AFTER_FRAMES + 201);
    }

    /**
     * A WAL that outgrows its file makes every commit extend it (an fsync that waits for a journal
     * commit at synchronous=FULL), so once a cycle nears the file's end the WAL restarts without
     * waiting out the second; but not sooner than {@value WalCapture#RESTART_SOONEST_MILLIS} ms.
     */
    @Test
    void theWalRestartsBeforeItOutgrowsItsFile() throws Exception {
        try (AppDatabase app = AppDatabase.create(db)) {
            WalCapture capture = WalCapture.open(db, replica, clock);
            app.insertRows(4000);
            clock.advance(Duration.ofSeconds(1));
            capture.poll();
            app.insertRows(1);
            int cycle = walCycle(db);
            long room = walFileFrames(db);

            fillWal(app, db, room * 50 / 100);
            clock.advance(Duration.ofMillis(300));
            capture.poll();
            app.insertRows(1);
            assertThat(walCycle(db)).as("half full: sealed, no restart before the second is out").isEqualTo(cycle);

            fillWal(app, db, room * 85 / 100);
            clock.advance(Duration.ofMillis(300));
            capture.poll();
            app.insertRows(1);
            assertThat(walCycle(db)).as("85 % full, 600 ms after the last restart").isEqualTo(cycle + 1);

            fillWal(app, db, room * 85 / 100);
            clock.advance(Duration.ofMillis(100));
            capture.poll();
            app.insertRows(1);
            assertThat(walCycle(db)).as("85 % full again, but only 100 ms after the last restart").isEqualTo(cycle + 1);
            clock.advance(Duration.ofMillis(200));
            capture.poll();
            app.insertRows(1);
            assertThat(walCycle(db)).isEqualTo(cycle + 2);
            capture.close();
        }
        assertThat(Generation.all(replica)).as("continuity never lost").hasSize(1);
        assertThat(restoredRows()).isEqualTo(AppDatabase.ids(db).size());
    }

    /** A server restart must not cost a full snapshot when nothing can have been lost meanwhile. */
    @Test
    void aCaptureStartedAgainContinuesTheGenerationWhileTheWalHoldsItsCycle() throws Exception {
        try (AppDatabase app = AppDatabase.create(db)) {
            captureTenRowsThenCommitFiveUncaptured(app);
            clock.advance(Duration.ofSeconds(1));
            WalCapture again = WalCapture.open(db, replica, clock);
            app.insertRows(3);
            again.poll();
            again.close();
        }
        assertThat(Generation.all(replica)).singleElement().satisfies(g -> {
            assertThat(g.snapshots()).as("no second snapshot").hasSize(1);
            assertThat(g.segments()).as("first run, what came between, second run").hasSize(3);
        });
        assertThat(PointInTimeRestore.verify(replica).ok()).isTrue();
        AppDatabase.deleteWithSidecars(db);
        assertThat(restoredRows()).isEqualTo(18);
    }

    @Test
    void aWalRestartedWhileNothingCapturedStartsANewGeneration() throws Exception {
        try (AppDatabase app = AppDatabase.create(db)) {
            captureTenRowsThenCommitFiveUncaptured(app);
            app.execute("PRAGMA wal_checkpoint(RESTART)");
            app.insertRows(1); // the frames after capture's position are gone from the WAL now
            clock.advance(Duration.ofSeconds(1));
            WalCapture.open(db, replica, clock).close();
        }
        assertThat(Generation.all(replica)).hasSize(2);
        AppDatabase.deleteWithSidecars(db);
        assertThat(restoredRows()).isEqualTo(16);
    }

    /** A capture that ran and stopped (a server restart), then five rows committed while nothing captured. */
    private void captureTenRowsThenCommitFiveUncaptured(AppDatabase app) throws Exception {
        WalCapture first = WalCapture.open(db, replica, clock);
        app.insertRows(10); // the first write restarts the WAL, as the start allowed
        first.poll();
        first.close();
        app.insertRows(5);
    }

    private static void fillWal(AppDatabase app, Path db, long frames) throws Exception {
        while (WalFile.readAll(wal(db)).end().frame() < frames) {
            app.insertRows(50);
        }
    }

    private static Path wal(Path db) {
        return db.resolveSibling(db.getFileName() + "-wal");
    }

    /** The WAL header's checkpoint sequence: one more each time SQLite restarts the WAL. */
    private static int walCycle(Path db) throws Exception {
        return WalFile.readAll(wal(db)).end().checkpointSeq();
    }

    private static long walFileFrames(Path db) throws Exception {
        return (java.nio.file.Files.size(wal(db)) - WalHeader.SIZE) / (WalFile.FRAME_HEADER + 4096);
    }

    private long restoredRows() throws Exception {
        Path restored = dir.resolve("restored.db");
        PointInTimeRestore.restore(replica, T0.plusSeconds(60), restored);
        return count(restored, "rows");
    }

    /** Blocked by the write lock, the insert completes only after the seal step; it must still be captured. */
    private static void commitFromAnotherThread(ExecutorService otherWriter, SqlWork insert) {
        Future<?> done = otherWriter.submit(() -> {
            insert.run();
            return null;
        });
        try {
            done.get(300, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Expected: the seal holds the write lock, so the insert waits until the step is over.
        } catch (Exception e) {
            throw new IllegalStateException("insert from the other writer failed", e);
        }
    }

    private static long count(Path db, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }
}
