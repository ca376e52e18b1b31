package io.slipway.backup;

import io.slipway.analysis.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaRetentionTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;

    /** Four batches of 10 rows, captured at T0+1s … T0+4s on top of the snapshot at T0. */
    private Path replica(TestClock clock, AppDatabase app) throws Exception {
        Path replica = dir.resolve("replica");
        try (WalReplica capture = WalReplica.start(app.file(), replica, clock, Duration.ofHours(1))) {
            for (int i = 0; i < 4; i++) {
                app.insertRows(10);
                clock.advance(Duration.ofSeconds(1));
                capture.captureNow();
            }
        }
        return replica;
    }

    @Test
    void keepsEveryInstantFromKeepFromRestorableAndRemovesOlderFiles() throws Exception {
        Path replica;
        try (AppDatabase app = AppDatabase.create(dir.resolve("app.db"))) {
            replica = replica(new TestClock(T0), app);
        }
        Instant keepFrom = T0.plusMillis(2500);
        List<Long> atKeepFrom = restored(replica, keepFrom);
        List<Long> latest = restored(replica, T0.plusSeconds(4));

        CompactionResult result = ReplicaRetention.compact(replica, keepFrom);

        assertThat(result.snapshotWritten()).isTrue();
        assertThat(result.snapshotsRemoved()).isEqualTo(1);
        assertThat(result.segmentsRemoved()).as("segments 0 and 1, now inside the new snapshot").isEqualTo(2);
        assertThat(result.bytesFreed()).isPositive();
        Generation g = Generation.all(replica).get(0);
        assertThat(g.snapshots()).extracting(ReplicaName::index).containsExactly(2L);
        assertThat(g.segments().keySet()).containsExactly(2L, 3L);
        assertThat(PointInTimeRestore.verify(replica).problems()).isEmpty();
        assertThat(PointInTimeRestore.window(replica).earliest()).isEqualTo(T0.plusSeconds(2));
        assertThat(restored(replica, keepFrom)).isEqualTo(atKeepFrom).hasSize(20);
        assertThat(restored(replica, T0.plusSeconds(4))).isEqualTo(latest).hasSize(40);
        assertThatThrownBy(() -> restored(replica, T0.plusSeconds(1))).isInstanceOf(RestoreRefusedException.class);
    }

    @Test
    void usesASnapshotTheReplicaTookAndDropsOlderGenerations() throws Exception {
        TestClock clock = new TestClock(T0);
        Path replica;
        try (AppDatabase app = AppDatabase.create(dir.resolve("app.db"))) {
            replica = replica(clock, app);
            // Truncated while nothing captured: the next start cannot continue and begins a second generation.
            app.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            try (WalReplica capture = WalReplica.start(app.file(), replica, clock, Duration.ofHours(1))) {
                app.insertRows(10);
                clock.advance(Duration.ofSeconds(1));
                capture.snapshot();
                app.insertRows(10);
                clock.advance(Duration.ofSeconds(1));
                capture.captureNow();
            }
        }
        Generation second = Generation.all(replica).get(1);

        CompactionResult result = ReplicaRetention.compact(replica, T0.plusSeconds(5));

        assertThat(result.snapshotWritten()).isFalse();
        assertThat(result.generationsRemoved()).isEqualTo(1);
        assertThat(result.generation()).isEqualTo(second.name());
        assertThat(Generation.all(replica)).extracting(Generation::name).containsExactly(second.name());
        assertThat(Generation.all(replica).get(0).snapshots()).extracting(ReplicaName::capturedAt)
                .containsExactly(T0.plusSeconds(5));
        assertThat(restored(replica, T0.plusSeconds(6))).hasSize(60);
    }

    @Test
    void keepsEverythingWhenNothingIsOlderThanKeepFrom() throws Exception {
        Path replica;
        try (AppDatabase app = AppDatabase.create(dir.resolve("app.db"))) {
            replica = replica(new TestClock(T0), app);
        }
        long files;
        try (var all = Files.walk(replica)) {
            files = all.filter(Files::isRegularFile).count();
        }
        assertThat(ReplicaRetention.compact(replica, T0.minusSeconds(1)).snapshot()).isNull();
        assertThat(ReplicaRetention.compact(replica, T0).snapshotsRemoved()).isZero();
        try (var all = Files.walk(replica)) {
            assertThat(all.filter(Files::isRegularFile).count()).isEqualTo(files);
        }
    }

    private List<Long> restored(Path replica, Instant target) throws Exception {
        Path restored = Files.createTempDirectory(dir, "r").resolve("r.db");
        PointInTimeRestore.restore(replica, target, restored);
        return AppDatabase.ids(restored);
    }
}
