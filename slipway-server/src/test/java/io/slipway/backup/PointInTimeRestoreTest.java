package io.slipway.backup;

import io.slipway.analysis.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PointInTimeRestoreTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void restoresExactlyTheRowsCommittedUpToEachTargetAfterThePrimaryIsDeleted() throws Exception {
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        List<PacedWriter.Commit> commits;
        try (AppDatabase app = AppDatabase.create(db)) {
            WalReplica capture = WalReplica.start(db, replica, Clock.systemUTC(), Duration.ofMillis(200));
            PacedWriter writer = PacedWriter.start(app, 1000);
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.committed() >= 2500);
            commits = writer.stop();
            capture.close();
            AppDatabase.deleteWithSidecars(db); // the primary is lost while the application still has it open
        }
        long first = commits.get(0).beforeMillis();
        long last = commits.get(commits.size() - 1).afterMillis();
        assertThat(commits.size() * 1000.0 / (last - first)).as("inserts per second").isGreaterThanOrEqualTo(500);

        for (int k = 1; k <= 5; k++) {
            Instant target = Instant.ofEpochMilli(first + (last - first) * k / 5);
            Path restored = dir.resolve("restored-" + k + ".db");
            PointInTimeRestore.restore(replica, target, restored);
            assertHoldsExactlyTheCommitsUpTo(restored, commits, target);
        }
    }

    /**
     * Every row committed by {@code target - 1 s} is there, none written after {@code target + 1 s}
     * is, and the rows form a prefix of the commit order: a consistent state, not a mix.
     */
    private static void assertHoldsExactlyTheCommitsUpTo(Path restored, List<PacedWriter.Commit> commits, Instant target)
            throws Exception {
        assertThat(AppDatabase.integrity(restored)).isEqualTo("ok");
        List<Long> ids = AppDatabase.ids(restored);
        Set<Long> present = new HashSet<>(ids);
        long t = target.toEpochMilli();
        for (PacedWriter.Commit c : commits) {
            if (c.afterMillis() <= t - 1000) {
                assertThat(present).as("row %d committed at %d, restored to %d", c.id(), c.afterMillis(), t).contains(c.id());
            }
            if (c.beforeMillis() > t + 1000) {
                assertThat(present).as("row %d written at %d, restored to %d", c.id(), c.beforeMillis(), t).doesNotContain(c.id());
            }
        }
        long max = ids.isEmpty() ? 0 : ids.get(ids.size() - 1);
        assertThat(ids).containsExactlyElementsOf(LongStream.rangeClosed(1, max).boxed().toList());
    }

    @Test
    void restoresTheLastCaptureAtOrBeforeTheTarget() throws Exception {
        TestClock clock = new TestClock(T0);
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        try (AppDatabase app = AppDatabase.create(db);
             WalReplica capture = WalReplica.start(db, replica, clock, Duration.ofHours(1))) {
            app.insertRows(10);
            clock.advance(Duration.ofSeconds(10));
            capture.captureNow();
            app.insertRows(5);
            clock.advance(Duration.ofSeconds(10));
            capture.captureNow();
        }
        assertThat(PointInTimeRestore.window(replica)).isEqualTo(new RestoreWindow(T0, T0.plusSeconds(20)));
        assertThat(restoredIds(replica, T0)).isEmpty();
        assertThat(restoredIds(replica, T0.plusMillis(9_999))).isEmpty();
        assertThat(restoredIds(replica, T0.plusSeconds(10))).hasSize(10);
        assertThat(restoredIds(replica, T0.plusSeconds(19))).hasSize(10);
        assertThat(restoredIds(replica, T0.plusSeconds(20))).hasSize(15);
        assertThat(restoredIds(replica, T0.plusSeconds(3600))).as("after the window: the latest state").hasSize(15);
        assertThatThrownBy(() -> restoredIds(replica, T0.minusMillis(1)))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("before the earliest restorable instant " + T0);
    }

    @Test
    void neverOverwritesAnExistingDestination() throws Exception {
        Path replica = capturedInBatches(3);
        Path destination = dir.resolve("precious.db");
        Files.writeString(destination, "keep me");

        assertThatThrownBy(() -> PointInTimeRestore.restore(replica, T0.plusSeconds(60), destination))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining(destination + " already exists");
        assertThat(Files.readString(destination)).isEqualTo("keep me");
    }

    @Test
    void verifyNamesAMissingMiddleSegmentAndRestoreRefusesIt() throws Exception {
        Path replica = capturedInBatches(5);
        Generation g = Generation.all(replica).get(0);
        Files.delete(g.segments().get(2L).path());
        Path destination = dir.resolve("restored.db");

        assertThat(PointInTimeRestore.verify(replica).problems()).singleElement().asString()
                .contains("segment 2 is missing from generation " + g.name());
        assertThatThrownBy(() -> PointInTimeRestore.restore(replica, T0.plusSeconds(60), destination))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("segment 2 of generation " + g.name() + " is missing");
        assertThat(destination).doesNotExist();
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".restored.db"));
        PointInTimeRestore.restore(replica, T0.plusSeconds(1), destination);
        assertThat(AppDatabase.ids(destination)).as("a target before the gap needs nothing past it").hasSize(10);
    }

    @Test
    void detectsAFlippedByteAnywhereInASegment() throws Exception {
        Path replica = capturedInBatches(3);
        Path segment = Generation.all(replica).get(0).segments().get(1L).path();
        long size = Files.size(segment);
        for (long offset : new long[] {20, size / 2, size - 1}) {
            FileDamage.flipByte(segment, offset);
            assertThat(PointInTimeRestore.verify(replica).problems()).as("flipped byte %d", offset)
                    .singleElement().asString().startsWith(segment.toString());
            assertThatThrownBy(() -> PointInTimeRestore.restore(replica, T0.plusSeconds(60), dir.resolve("r.db")))
                    .isInstanceOf(RestoreRefusedException.class).hasMessageContaining(segment.toString());
            FileDamage.flipByte(segment, offset);
        }
        assertThat(PointInTimeRestore.verify(replica).ok()).isTrue();
    }

    @Test
    void detectsATruncatedSegmentAndACorruptSnapshot() throws Exception {
        Path replica = capturedInBatches(3);
        Generation g = Generation.all(replica).get(0);
        Path segment = g.segments().get(2L).path();
        try (FileChannel c = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            c.truncate(c.size() - 10);
        }
        Path snapshot = g.snapshots().get(0).path();
        FileDamage.flipByte(snapshot, Files.size(snapshot) / 2);

        assertThat(PointInTimeRestore.verify(replica).problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith(segment.toString()).contains("truncated"))
                .anySatisfy(p -> assertThat(p).startsWith(snapshot.toString()));
        assertThatThrownBy(() -> PointInTimeRestore.restore(replica, T0.plusSeconds(60), dir.resolve("r.db")))
                .isInstanceOf(RestoreRefusedException.class).hasMessageContaining(snapshot.toString());
        assertThat(dir.resolve("r.db")).doesNotExist();
    }

    /** A replica of 10 rows per batch, each batch captured one second after the previous one. */
    private Path capturedInBatches(int batches) throws Exception {
        TestClock clock = new TestClock(T0);
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        try (AppDatabase app = AppDatabase.create(db);
             WalReplica capture = WalReplica.start(db, replica, clock, Duration.ofHours(1))) {
            for (int i = 0; i < batches; i++) {
                app.insertRows(10);
                clock.advance(Duration.ofSeconds(1));
                capture.captureNow();
            }
        }
        assertThat(Generation.all(replica).get(0).segments()).hasSize(batches);
        return replica;
    }

    private List<Long> restoredIds(Path replica, Instant target) throws Exception {
        Path restored = Files.createTempDirectory(dir, "restore").resolve("r.db");
        PointInTimeRestore.restore(replica, target, restored);
        return AppDatabase.ids(restored);
    }
}
