package io.slipway.backup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks one generation completely: every file readable with a correct digest and the header its
 * name promises, the segment indexes unbroken from the oldest snapshot on, and each file's WAL
 * frames continuing the previous file's.
 */
final class ChainCheck {
    private final Generation generation;
    private final byte[] key;
    private final List<String> problems = new ArrayList<>();

    private ChainCheck(Generation generation, byte[] key) {
        this.generation = generation;
        this.key = key;
    }

    /** Every problem of {@code generation}, or an empty list; {@code key} opens encrypted files (null: none). */
    static List<String> problems(Generation generation, byte[] key) {
        ChainCheck check = new ChainCheck(generation, key);
        check.run();
        return check.problems;
    }

    private void run() {
        if (generation.snapshots().isEmpty()) {
            problems.add("generation " + generation.name() + " has no snapshot: " + generation.dir().resolve(Generation.SNAPSHOTS));
            return;
        }
        Map<Long, ReplicaFileHeader> snapshotsByIndex = new HashMap<>();
        for (ReplicaName snapshot : generation.snapshots()) {
            ReplicaFileHeader h = readable(snapshot);
            if (h != null) {
                snapshotsByIndex.putIfAbsent(snapshot.index(), h);
            }
        }
        long first = generation.snapshots().stream().mapToLong(ReplicaName::index).min().orElseThrow();
        long end = checkSegments(first, snapshotsByIndex);
        long last = generation.snapshots().stream().mapToLong(ReplicaName::index).max().orElseThrow();
        if (last > end) {
            missing(end, last - 1, "snapshot " + last + " was taken after segment " + (last - 1));
        }
    }

    /** Walks the segments from index {@code first}; returns the index after the last one present. */
    private long checkSegments(long first, Map<Long, ReplicaFileHeader> snapshots) {
        long expected = first;
        ReplicaFileHeader previous = snapshots.get(first);
        for (ReplicaName segment : generation.segments().tailMap(first, true).values()) {
            if (segment.index() != expected) {
                missing(expected, segment.index() - 1, "the next one present is " + segment.path().getFileName());
                previous = null;
            }
            ReplicaFileHeader h = readable(segment);
            if (h != null && previous != null && !previous.joins(h)) {
                problems.add(segment.path() + ": does not continue the chain: it starts at WAL frame " + h.firstFrame()
                        + ", the file before it ended at frame " + previous.lastFrame());
            }
            previous = h != null ? h : snapshots.get(segment.index() + 1);
            expected = segment.index() + 1;
        }
        return expected;
    }

    private ReplicaFileHeader readable(ReplicaName file) {
        try {
            ReplicaFileHeader h = ReplicaFiles.read(file.path(), key, (n, page) -> { });
            if (!file.matches(h)) {
                problems.add(file.path() + ": header says " + h.kind() + " " + h.index() + " captured at "
                        + h.capturedAtMillis() + ", not what the file name says");
                return null;
            }
            return h;
        } catch (ReplicaCorruptException e) {
            problems.add(e.getMessage());
        } catch (IOException e) {
            problems.add(file.path() + ": unreadable: " + e.getMessage());
        }
        return null;
    }

    private void missing(long from, long to, String evidence) {
        String which = from == to ? "segment " + from + " is" : "segments " + from + ".." + to + " are";
        problems.add(which + " missing from generation " + generation.name() + " ("
                + generation.dir().resolve(Generation.WAL) + "; " + evidence + ")");
    }
}
