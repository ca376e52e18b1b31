package io.slipway.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A snapshot or segment file as named on disk, so that listing a generation needs no reads:
 * {@code snapshots/<index>-<capturedAtMillis>.snap} and
 * {@code wal/<index>-<firstFrame>-<capturedAtMillis>.seg}, numbers zero-padded so that names
 * sort in chain order.
 */
record ReplicaName(ReplicaFileHeader.Kind kind, long index, int firstFrame, long capturedAtMillis, Path path) {
    private static final Pattern SNAPSHOT = Pattern.compile("(\\d{10})-(\\d{13})\\.snap");
    private static final Pattern SEGMENT = Pattern.compile("(\\d{10})-(\\d{10})-(\\d{13})\\.seg");

    static String snapshot(long index, long capturedAtMillis) {
        return String.format("%010d-%013d.snap", index, capturedAtMillis);
    }

    static String segment(long index, int firstFrame, long capturedAtMillis) {
        return String.format("%010d-%010d-%013d.seg", index, firstFrame, capturedAtMillis);
    }

    /** The name of {@code file}, or empty for anything else (temporary files, strays). */
    static Optional<ReplicaName> parse(Path file) {
        String name = file.getFileName().toString();
        Matcher m = SEGMENT.matcher(name);
        if (m.matches()) {
            return Optional.of(new ReplicaName(ReplicaFileHeader.Kind.SEGMENT, Long.parseLong(m.group(1)),
                    Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)), file));
        }
        m = SNAPSHOT.matcher(name);
        if (m.matches()) {
            return Optional.of(new ReplicaName(ReplicaFileHeader.Kind.SNAPSHOT, Long.parseLong(m.group(1)), 0,
                    Long.parseLong(m.group(2)), file));
        }
        return Optional.empty();
    }

    Instant capturedAt() {
        return Instant.ofEpochMilli(capturedAtMillis);
    }

    /** The header must say what the name says, or the file was renamed or swapped for another. */
    boolean matches(ReplicaFileHeader header) {
        boolean segmentFrame = kind == ReplicaFileHeader.Kind.SNAPSHOT || firstFrame == header.firstFrame();
        return header.kind() == kind && header.index() == index && header.capturedAtMillis() == capturedAtMillis
                && segmentFrame;
    }
}
