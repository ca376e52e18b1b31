package io.slipway.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Retention for replica directories: drops history older than a cut-off while keeping every
 * instant from the cut-off on restorable.
 *
 * <p>{@link #compact} needs neither the database nor a running {@link WalReplica}: when segments
 * were captured between the last snapshot before the cut-off and the cut-off, it rebuilds the
 * database as of the last of them (exactly what a restore would produce) and stores that as a new
 * snapshot continuing the chain, so the older snapshot and all the segments before can go. It is
 * safe alongside a running capture, which only ever adds newer files.
 */
public final class ReplicaRetention {
    private ReplicaRetention() {
    }

    /**
     * Keeps what restores of any instant at or after {@code keepFrom} need and deletes the rest:
     * older generations, and in the generation covering {@code keepFrom}, snapshots and segments
     * before the snapshot that restores start from.
     *
     * @throws ReplicaCorruptException when the files needed to build that snapshot are damaged; nothing is deleted then
     */
    public static CompactionResult compact(Path replicaDir, Instant keepFrom) {
        return compact(replicaDir, keepFrom, null);
    }

    /**
     * {@link #compact(Path, Instant)} of a replica that may be encrypted: {@code key} opens its files, and the
     * snapshot compaction writes is encrypted with it (null: written in plaintext).
     */
    public static CompactionResult compact(Path replicaDir, Instant keepFrom, byte[] key) {
        List<Generation> generations = Generation.all(replicaDir).stream().filter(g -> g.earliest().isPresent()).toList();
        Generation covering = generations.stream().filter(g -> !g.earliest().orElseThrow().isAfter(keepFrom))
                .reduce((a, b) -> b).orElse(null);
        if (covering == null) {
            return new CompactionResult(null, null, false, 0, 0, 0, 0);
        }
        try {
            Base base = base(covering, keepFrom, key);
            Removal removal = new Removal();
            generations.stream().takeWhile(g -> g != covering).forEach(removal::generation);
            removal.before(Generation.load(covering.dir()), base.snapshot());
            return new CompactionResult(covering.name(), base.snapshot().path().getFileName().toString(), base.written(),
                    removal.generations, removal.snapshots, removal.segments, removal.bytes);
        } catch (IOException e) {
            throw new ReplicaException("compaction of " + replicaDir + " failed: " + e.getMessage(), e);
        }
    }

    /** The snapshot restores will start from, and whether compaction had to write it. */
    private record Base(ReplicaName snapshot, boolean written) {
    }

    private static Base base(Generation g, Instant keepFrom, byte[] key) throws IOException {
        ReplicaName snapshot = g.snapshotAtOrBefore(keepFrom).orElseThrow();
        ReplicaName next = g.segments().get(snapshot.index());
        if (next == null || next.capturedAt().isAfter(keepFrom)) {
            return new Base(snapshot, false);
        }
        return new Base(materialize(g, keepFrom, key), true);
    }

    /** Writes the database as of {@code keepFrom} as a snapshot that continues the chain after the last segment applied. */
    private static ReplicaName materialize(Generation g, Instant keepFrom, byte[] key) throws IOException {
        Path scratch = g.dir().resolve(".compaction-" + System.nanoTime() + ".db");
        try {
            ImageBuilder.Image image = ImageBuilder.build(g, keepFrom, scratch, key);
            ReplicaFileHeader last = image.last();
            long index = last.index() + 1;
            Path file = g.snapshotPath(index, last.capturedAtMillis());
            if (!Files.exists(file)) {
                WalPosition cycle = new WalPosition(true, last.checkpointSeq(), last.salt1(), last.salt2(), last.lastFrame(), 0, 0);
                ReplicaFileHeader header = ReplicaFileHeader.of(ReplicaFileHeader.Kind.SNAPSHOT, index,
                        last.capturedAtMillis(), last.pageSize(), cycle, last.lastFrame(), last.lastFrame(),
                        last.dbSizePages(), last.dbSizePages());
                writeFrom(scratch, file, header, key);
            }
            return ReplicaName.parse(file).orElseThrow();
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static void writeFrom(Path image, Path file, ReplicaFileHeader header, byte[] key) throws IOException {
        try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ)) {
            ReplicaFiles.write(file, header, IntStream.rangeClosed(1, header.dbSizePages()).boxed()::iterator,
                    n -> ReplicaFiles.readPage(in, n, header.pageSize()), key);
        }
    }

    /** Deletes and counts; oldest first, so an interrupted compaction never leaves a hole in the middle of a chain. */
    private static final class Removal {
        int generations;
        int snapshots;
        int segments;
        long bytes;

        void generation(Generation g) {
            try (Stream<Path> files = Files.walk(g.dir())) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    bytes += Files.isRegularFile(p) ? Files.size(p) : 0;
                    Files.delete(p);
                }
                generations++;
            } catch (IOException e) {
                throw new ReplicaException("cannot delete generation " + g.dir() + ": " + e.getMessage(), e);
            }
        }

        /** Snapshots older than {@code base} and the segments it already contains. */
        void before(Generation g, ReplicaName base) {
            g.snapshots().stream().filter(s -> s.index() < base.index() || s.capturedAtMillis() < base.capturedAtMillis())
                    .forEach(this::snapshot);
            g.segments().headMap(base.index()).values().forEach(this::segment);
        }

        void snapshot(ReplicaName s) {
            delete(s.path());
            snapshots++;
        }

        void segment(ReplicaName s) {
            delete(s.path());
            segments++;
        }

        private void delete(Path p) {
            try {
                bytes += Files.size(p);
                Files.delete(p);
            } catch (IOException e) {
                throw new ReplicaException("cannot delete " + p + ": " + e.getMessage(), e);
            }
        }
    }
}
