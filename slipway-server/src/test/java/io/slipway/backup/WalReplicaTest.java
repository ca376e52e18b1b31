package io.slipway.backup;

import io.slipway.analysis.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WalReplicaTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void refusesADatabaseNotInWalModeSayingWhichModeItIsIn() throws Exception {
        Path db = dir.resolve("rollback.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
        }
        assertThatThrownBy(() -> WalReplica.start(db, dir.resolve("replica")))
                .isInstanceOf(NotInWalModeException.class)
                .hasMessageContaining(db.toString())
                .hasMessageContaining("journal_mode=delete")
                .hasMessageContaining("PRAGMA journal_mode=WAL");
    }

    @Test
    void refusesADatabaseThatDoesNotExist() {
        Path db = dir.resolve("missing.db");
        assertThatThrownBy(() -> WalReplica.start(db, dir.resolve("replica")))
                .isInstanceOf(ReplicaException.class)
                .hasMessageContaining(db + " does not exist");
        assertThat(db).doesNotExist();
    }

    @Test
    void losesNothingWhileTheAppCheckpointsAggressively() throws Exception {
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        List<PacedWriter.Commit> commits;
        try (AppDatabase app = AppDatabase.create(db);
             WalReplica capture = WalReplica.start(db, replica, Clock.systemUTC(), Duration.ofMillis(50))) {
            app.execute("PRAGMA wal_autocheckpoint=10");
            PacedWriter writer = PacedWriter.start(app, 2000);
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.committed() >= 3000);
            commits = writer.stop();
            assertThat(capture.status().lastError()).isNull();
        }
        AppDatabase.deleteWithSidecars(db);
        Path restored = dir.resolve("restored.db");
        PointInTimeRestore.restore(replica, Instant.now().plusSeconds(60), restored);

        assertThat(AppDatabase.ids(restored)).containsExactlyElementsOf(LongStream.rangeClosed(1, commits.size()).boxed().toList());
        List<Generation> generations = Generation.all(replica);
        assertThat(generations).as("never lost continuity").hasSize(1);
        assertThat(generations.get(0).segments().values()).as("the WAL was restarted during capture, more than once")
                .filteredOn(s -> s.firstFrame() == 1).hasSizeGreaterThan(1);
        assertThat(PointInTimeRestore.verify(replica).problems()).isEmpty();
    }

    @Test
    void closeCapturesWhatIsPendingAndStopsItsThread() throws Exception {
        Path db = dir.resolve("pending.db");
        Path replica = dir.resolve("replica");
        try (AppDatabase app = AppDatabase.create(db)) {
            WalReplica capture = WalReplica.start(db, replica, Clock.systemUTC(), Duration.ofHours(1));
            assertThat(captureThreads()).hasSize(1);
            app.insertRows(7);
            capture.close();
            // The executor has terminated when close returns; its worker may take a moment more to die.
            await().atMost(Duration.ofSeconds(5)).until(() -> captureThreads().isEmpty());
            capture.close();
            assertThatThrownBy(capture::snapshot).isInstanceOf(ReplicaException.class).hasMessageContaining("closed");
        }
        Path restored = dir.resolve("restored.db");
        PointInTimeRestore.restore(replica, Instant.now().plusSeconds(60), restored);
        assertThat(AppDatabase.ids(restored)).hasSize(7);
    }

    private static List<Thread> captureThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("slipway-wal-capture-pending.db") && t.isAlive()).toList();
    }

    @Test
    void reportsItsGenerationFilesAndLag() throws Exception {
        TestClock clock = new TestClock(T0);
        Path db = dir.resolve("app.db");
        try (AppDatabase app = AppDatabase.create(db);
             WalReplica capture = WalReplica.start(db, dir.resolve("replica"), clock, Duration.ofHours(1))) {
            for (int i = 0; i < 3; i++) {
                app.insertRows(5);
                clock.advance(Duration.ofSeconds(1));
                capture.captureNow();
            }
            clock.advance(Duration.ofMillis(1500));
            capture.captureNow();
            clock.advance(Duration.ofMillis(250));

            ReplicaStatus status = capture.status();
            assertThat(status.generation()).isEqualTo(Generation.all(dir.resolve("replica")).get(0).name());
            assertThat(status.snapshots()).isEqualTo(1);
            assertThat(status.segments()).as("no segment for a poll that found nothing new").isEqualTo(3);
            assertThat(status.bytes()).isPositive();
            assertThat(status.lastCapturedAt()).isEqualTo(T0.plusMillis(4500));
            assertThat(status.lagMillis()).isEqualTo(250);
            assertThat(status.lastError()).isNull();
        }
    }

    @Test
    void aFailingPollLeavesTheLastCaptureTimeSoTheLagGrowsUntilAPollSucceeds() throws Exception {
        TestClock clock = new TestClock(T0);
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        try (AppDatabase app = AppDatabase.create(db);
             WalReplica capture = WalReplica.start(db, replica, clock, Duration.ofMillis(20))) {
            Path segments = Generation.all(replica).get(0).dir().resolve(Generation.WAL);
            Files.delete(segments);
            Files.createFile(segments); // no segment can be written under it now
            app.insertRows(1);
            await().until(() -> capture.capture().lastError() != null);
            clock.advance(Duration.ofSeconds(5));

            assertThat(capture.capture()).isEqualTo(new CaptureStatus(true, T0, 5000L, capture.capture().lastError()));
            Files.delete(segments);
            Files.createDirectory(segments);
            await().until(() -> capture.capture().lastError() == null);
            assertThat(capture.capture().lagMillis()).isZero();
        }
    }

    @Test
    void aSnapshotContinuesTheChainAndRestoresStartFromIt() throws Exception {
        TestClock clock = new TestClock(T0);
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        try (AppDatabase app = AppDatabase.create(db);
             WalReplica capture = WalReplica.start(db, replica, clock, Duration.ofHours(1))) {
            app.insertRows(10);
            clock.advance(Duration.ofSeconds(1));
            capture.captureNow();
            app.insertRows(10);
            clock.advance(Duration.ofSeconds(1));
            capture.snapshot();
            app.insertRows(10);
            clock.advance(Duration.ofSeconds(1));
            capture.captureNow();
        }
        Generation g = Generation.all(replica).get(0);
        assertThat(g.snapshots()).extracting(ReplicaName::index).containsExactly(0L, 2L);
        assertThat(g.segments().keySet()).containsExactly(0L, 1L, 2L);
        PointInTimeResult result = PointInTimeRestore.restore(replica, T0.plusSeconds(3), dir.resolve("r.db"));
        assertThat(result.snapshot()).isEqualTo(g.snapshots().get(1).path().getFileName().toString());
        assertThat(result.segmentsApplied()).isEqualTo(1);
        assertThat(AppDatabase.ids(dir.resolve("r.db"))).hasSize(30);
        assertThat(PointInTimeRestore.verify(replica).ok()).isTrue();
    }

    @Test
    void aStartContinuesTheGenerationAndEveryInstantStaysRestorable() throws Exception {
        TestClock clock = new TestClock(T0);
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        try (AppDatabase app = AppDatabase.create(db)) {
            for (int run = 0; run < 2; run++) {
                try (WalReplica capture = WalReplica.start(db, replica, clock, Duration.ofHours(1))) {
                    app.insertRows(10);
                    clock.advance(Duration.ofSeconds(10));
                    capture.captureNow();
                }
                clock.advance(Duration.ofSeconds(10));
                app.insertRows(1);
            }
        }
        assertThat(Generation.all(replica)).singleElement().satisfies(g -> assertThat(g.snapshots()).hasSize(1));
        assertThat(restored(replica, T0.plusSeconds(10))).hasSize(10);
        assertThat(restored(replica, T0.plusSeconds(19))).as("first run's end").hasSize(10);
        assertThat(restored(replica, T0.plusSeconds(20))).as("the row committed between the runs").hasSize(11);
        assertThat(restored(replica, T0.plusSeconds(30))).hasSize(21);
        assertThat(PointInTimeRestore.window(replica)).isEqualTo(new RestoreWindow(T0, T0.plusSeconds(30)));
    }

    private List<Long> restored(Path replica, Instant target) throws Exception {
        Path restored = java.nio.file.Files.createTempDirectory(dir, "r").resolve("r.db");
        PointInTimeRestore.restore(replica, target, restored);
        return AppDatabase.ids(restored);
    }
}
