package io.slipway.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Rebuilds the database as of a target instant from one generation into a scratch file: the
 * newest snapshot captured at or before the target, then, in chain order, every segment captured
 * at or before it, each page written at {@code (pageNumber - 1) * pageSize} and the file cut to
 * the database size after each segment's last commit.
 *
 * <p>It refuses rather than guesses: a missing index in the chain before the first segment past
 * the target (the missing one may have been captured before the target), a segment that does not
 * continue the frames of the file before it, or a file that fails its checks all end the build
 * with a {@link ReplicaCorruptException} naming the file.
 */
final class ImageBuilder {
    private ImageBuilder() {
    }

    /** What was built: from which snapshot, how many segments, and the last file applied. */
    record Image(Generation generation, ReplicaName snapshot, int segmentsApplied, ReplicaFileHeader last) {
        Instant restoredTo() {
            return Instant.ofEpochMilli(last.capturedAtMillis());
        }
    }

    /** @param key opens encrypted files; null when the replica is not encrypted */
    static Image build(Generation generation, Instant target, Path scratch, byte[] key) throws IOException {
        ReplicaName snapshot = generation.snapshotAtOrBefore(target).orElseThrow(() -> new RestoreRefusedException(
                "generation " + generation.name() + " has no snapshot captured at or before " + target));
        try (FileChannel image = FileChannel.open(scratch, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            Image first = new Image(generation, snapshot, 0, apply(image, snapshot, null, key));
            Image built = applySegments(image, first, target, key);
            image.force(true);
            return built;
        }
    }

    private static Image applySegments(FileChannel image, Image built, Instant target, byte[] key) throws IOException {
        Generation generation = built.generation();
        long expected = built.snapshot().index();
        for (ReplicaName segment : generation.segments().tailMap(expected, true).values()) {
            if (segment.index() != expected) {
                throw missing(generation, expected, "the next one present is " + segment.path().getFileName());
            }
            if (segment.capturedAt().isAfter(target)) {
                return built;
            }
            built = new Image(generation, built.snapshot(), built.segmentsApplied() + 1, apply(image, segment, built.last(), key));
            expected++;
        }
        requireChainEnd(generation, expected);
        return built;
    }

    /** A snapshot numbered past the last segment proves that segments at the end are missing. */
    private static void requireChainEnd(Generation generation, long expected) {
        for (ReplicaName snapshot : generation.snapshots()) {
            if (snapshot.index() > expected) {
                throw missing(generation, expected, "snapshot " + snapshot.path().getFileName()
                        + " was taken after segment " + (snapshot.index() - 1));
            }
        }
    }

    private static ReplicaCorruptException missing(Generation generation, long index, String evidence) {
        return new ReplicaCorruptException(generation.dir().resolve(Generation.WAL),
                "segment " + index + " of generation " + generation.name() + " is missing (" + evidence + ")");
    }

    private static ReplicaFileHeader apply(FileChannel image, ReplicaName file, ReplicaFileHeader previous, byte[] key)
            throws IOException {
        ReplicaFileHeader header = ReplicaFiles.read(file.path(), key,
                (pageNumber, page) -> image.write(ByteBuffer.wrap(page), (long) (pageNumber - 1) * page.length));
        if (!file.matches(header)) {
            throw new ReplicaCorruptException(file.path(), "header says " + header.kind() + " " + header.index()
                    + " captured at " + header.capturedAtMillis() + ", not what the file name says");
        }
        if (previous != null && (!previous.joins(header) || previous.pageSize() != header.pageSize())) {
            throw new ReplicaCorruptException(file.path(), "does not continue the chain: it starts at WAL frame "
                    + header.firstFrame() + ", the file before it ended at frame " + previous.lastFrame());
        }
        image.truncate((long) header.dbSizePages() * header.pageSize());
        return header;
    }
}
