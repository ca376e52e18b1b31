package io.slipway.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One generation of a replica directory, {@code generations/<name>/}: an unbroken history of
 * the database that starts with a snapshot and continues with segments numbered 0, 1, 2, ….
 * Capture starts a new generation when it starts and whenever it cannot prove continuity.
 * Generation names are the hex creation time, so they sort oldest first.
 */
final class Generation {
    static final String SNAPSHOTS = "snapshots";
    static final String WAL = "wal";

    private final String name;
    private final Path dir;
    private final List<ReplicaName> snapshots;
    private final NavigableMap<Long, ReplicaName> segments;

    private Generation(String name, Path dir, List<ReplicaName> snapshots, NavigableMap<Long, ReplicaName> segments) {
        this.name = name;
        this.dir = dir;
        this.snapshots = snapshots;
        this.segments = segments;
    }

    static Path root(Path replicaDir) {
        return replicaDir.resolve("generations");
    }

    /** Every generation under {@code replicaDir}, oldest first; empty when there is none (or no directory). */
    static List<Generation> all(Path replicaDir) {
        try (Stream<Path> dirs = Files.list(root(replicaDir))) {
            return dirs.filter(d -> d.getFileName().toString().matches("[0-9a-f]{16}")).sorted()
                    .map(Generation::load).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ReplicaException("cannot list " + root(replicaDir) + ": " + e.getMessage(), e);
        }
    }

    /** The files of the generation in {@code dir} as they are on disk now. */
    static Generation load(Path dir) {
        List<ReplicaName> snapshots = new ArrayList<>();
        NavigableMap<Long, ReplicaName> segments = new TreeMap<>();
        names(dir.resolve(SNAPSHOTS)).forEach(snapshots::add);
        names(dir.resolve(WAL)).forEach(n -> segments.put(n.index(), n));
        snapshots.sort(Comparator.comparingLong(ReplicaName::capturedAtMillis).thenComparingLong(ReplicaName::index));
        return new Generation(dir.getFileName().toString(), dir, List.copyOf(snapshots), segments);
    }

    private static List<ReplicaName> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(ReplicaName::parse).flatMap(Optional::stream).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ReplicaException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    /** Snapshots, oldest capture first. */
    List<ReplicaName> snapshots() {
        return snapshots;
    }

    NavigableMap<Long, ReplicaName> segments() {
        return segments;
    }

    /** The newest snapshot captured at or before {@code target}. */
    Optional<ReplicaName> snapshotAtOrBefore(Instant target) {
        return snapshots.stream().filter(s -> !s.capturedAt().isAfter(target)).reduce((a, b) -> b);
    }

    Optional<Instant> earliest() {
        return snapshots.stream().findFirst().map(ReplicaName::capturedAt);
    }

    /** The newest capture time of any file of the generation. */
    Optional<Instant> latest() {
        Stream<ReplicaName> all = Stream.concat(snapshots.stream(), segments.values().stream());
        return all.map(ReplicaName::capturedAt).max(Comparator.naturalOrder());
    }

    /**
     * The newest file in chain order: the last segment, or a snapshot that continues past every
     * segment (its index names the first segment that would apply on top of it); empty when the
     * generation has no file yet.
     */
    Optional<ReplicaName> tip() {
        Optional<ReplicaName> snapshot = snapshots.stream().max(Comparator.comparingLong(ReplicaName::index));
        if (segments.isEmpty() || snapshot.isPresent() && snapshot.get().index() > segments.lastKey()) {
            return snapshot;
        }
        return Optional.of(segments.lastEntry().getValue());
    }

    /** The index one past the newest file's: where the chain would continue. */
    long nextIndex() {
        long afterSegments = segments.isEmpty() ? 0 : segments.lastKey() + 1;
        long afterSnapshots = snapshots.stream().mapToLong(ReplicaName::index).max().orElse(0);
        return Math.max(afterSegments, afterSnapshots);
    }

    Path snapshotPath(long index, long capturedAtMillis) {
        return dir.resolve(SNAPSHOTS).resolve(ReplicaName.snapshot(index, capturedAtMillis));
    }

    Path segmentPath(long index, int firstFrame, long capturedAtMillis) {
        return dir.resolve(WAL).resolve(ReplicaName.segment(index, firstFrame, capturedAtMillis));
    }

    /**
     * Creates the directories of a new generation named after {@code nowMillis}, or after the
     * newest existing one if that is later (a clock that stepped back must not reorder history).
     */
    static Generation create(Path replicaDir, long nowMillis) throws IOException {
        Files.createDirectories(root(replicaDir));
        long newest = all(replicaDir).stream().mapToLong(g -> Long.parseUnsignedLong(g.name(), 16)).max().orElse(0);
        for (long n = Math.max(nowMillis, newest + 1); ; n++) {
            Path dir = root(replicaDir).resolve(String.format("%016x", n));
            try {
                Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                continue;
            }
            Files.createDirectories(dir.resolve(SNAPSHOTS));
            Files.createDirectories(dir.resolve(WAL));
            ReplicaFiles.forceDirectory(root(replicaDir));
            return load(dir);
        }
    }
}
