package io.slipway.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads committed transactions out of a live SQLite WAL file, without SQLite's help and without
 * trusting anything it has not checked: a frame counts only if it carries the header's salts and
 * its cumulative checksum is right, and only frames up to the last commit frame are returned, so
 * a transaction being written, a torn write or stale frames of an earlier cycle end the scan.
 */
final class WalFile {
    static final int FRAME_HEADER = 24;
    /** 64 frames of 4 KB pages: one read call per quarter megabyte. */
    private static final int FRAMES_PER_READ = 64;

    private WalFile() {
    }

    /**
     * The transactions after {@code from}: in the same cycle, or from frame 1 of the next cycle
     * when the WAL was restarted at the point capture had sealed ({@code sealed}).
     *
     * @throws WalGapException when the WAL was restarted anywhere else: frames may have been lost
     */
    static WalDelta readAfter(Path wal, WalPosition from, WalPosition sealed) throws IOException {
        try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
            WalHeader header = header(channel);
            if (header == null || from.sameCycle(header)) {
                return header == null ? nothing(from) : scan(channel, header, from);
            }
            if (!from.known() || from.equals(sealed) && header.follows(from)) {
                // Until the new cycle has a whole transaction, capture stays where it was (and sealed).
                WalDelta next = scan(channel, header, WalPosition.startOf(header));
                return next.isEmpty() ? nothing(from) : next;
            }
            throw new WalGapException(wal + " was restarted (checkpoint sequence " + from.checkpointSeq() + " -> "
                    + header.checkpointSeq() + ") while frames after frame " + from.frame() + " were not yet copied");
        } catch (NoSuchFileException e) {
            return nothing(from);
        }
    }

    /** Every committed transaction of the WAL's current cycle; used under the write lock for snapshots. */
    static WalDelta readAll(Path wal) throws IOException {
        try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
            WalHeader header = header(channel);
            return header == null ? nothing(WalPosition.EMPTY) : scan(channel, header, WalPosition.startOf(header));
        } catch (NoSuchFileException e) {
            return nothing(WalPosition.EMPTY);
        }
    }

    /**
     * Where capture stood after {@code tip} (the last file of a generation), if the WAL still holds
     * that cycle up to its frame: then every frame after it is still in the WAL, and capture can
     * continue the generation. The frame's header carries the running checksum after it.
     *
     * @return empty when the WAL is gone, restarted since, or shorter than the tip's frame
     */
    static Optional<WalPosition> positionAt(Path wal, ReplicaFileHeader tip) throws IOException {
        try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
            WalHeader header = header(channel);
            if (header == null || header.checkpointSeq() != tip.checkpointSeq() || header.salt1() != tip.salt1()
                    || header.salt2() != tip.salt2() || header.pageSize() != tip.pageSize()) {
                return Optional.empty();
            }
            WalPosition start = WalPosition.startOf(header);
            if (tip.lastFrame() == 0) {
                return Optional.of(start);
            }
            ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER);
            long offset = WalHeader.SIZE + (long) (tip.lastFrame() - 1) * (FRAME_HEADER + header.pageSize());
            byte[] f = frame.array();
            boolean commitOfCycle = readFully(channel, frame, offset) && Scan.intAt(f, 4) != 0
                    && Scan.intAt(f, 8) == header.salt1() && Scan.intAt(f, 12) == header.salt2();
            return commitOfCycle
                    ? Optional.of(start.at(tip.lastFrame(), new int[] {Scan.intAt(f, 16), Scan.intAt(f, 20)}))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static WalHeader header(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(WalHeader.SIZE);
        return readFully(channel, buffer, 0) ? WalHeader.parse(buffer.array()) : null;
    }

    private static WalDelta nothing(WalPosition from) {
        return new WalDelta(new TreeMap<>(), 0, 0, from.frame() + 1, from.frame(), from);
    }

    private static WalDelta scan(FileChannel channel, WalHeader header, WalPosition from) throws IOException {
        Scan scan = new Scan(header, from);
        int frameSize = FRAME_HEADER + header.pageSize();
        ByteBuffer chunk = ByteBuffer.allocate(frameSize * FRAMES_PER_READ);
        long offset = WalHeader.SIZE + (long) from.frame() * frameSize;
        int frames;
        do {
            frames = read(channel, chunk, offset) / frameSize;
            for (int i = 0; i < frames; i++) {
                if (!scan.accept(chunk.array(), i * frameSize, offset + (long) i * frameSize)) {
                    return scan.delta(channel);
                }
            }
            offset += (long) frames * frameSize;
        } while (frames == FRAMES_PER_READ);
        return scan.delta(channel);
    }

    /** Fills {@code buffer} from {@code offset} as far as the file goes; returns the bytes read. */
    private static int read(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) <= 0) {
                break;
            }
        }
        return buffer.position();
    }

    private static boolean readFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
        return read(channel, buffer, offset) == buffer.capacity();
    }

    /**
     * The running state of one scan. Frames of an unfinished transaction stay pending until its
     * commit frame. Only where each page's newest version lies is kept, and those pages are read
     * once at the end: a busy page is rewritten by nearly every transaction.
     */
    private static final class Scan {
        private final WalHeader header;
        private final WalPosition from;
        private final SortedMap<Integer, Long> committed = new TreeMap<>();
        private final SortedMap<Integer, Long> pending = new TreeMap<>();
        private int[] checksum;
        private int frame;
        private int lastCommit;
        private int[] commitChecksum;
        private int dbSizePages;

        Scan(WalHeader header, WalPosition from) {
            this.header = header;
            this.from = from;
            this.checksum = new int[] {from.checksum1(), from.checksum2()};
            this.commitChecksum = checksum;
            this.frame = from.frame();
            this.lastCommit = from.frame();
        }

        /** Takes the frame at {@code f[at..]}, read from {@code fileOffset}; false when it is not a valid frame of this cycle. */
        boolean accept(byte[] f, int at, long fileOffset) {
            int pageNumber = intAt(f, at);
            if (pageNumber == 0 || intAt(f, at + 8) != header.salt1() || intAt(f, at + 12) != header.salt2()) {
                return false;
            }
            boolean big = header.bigEndianChecksums();
            int[] sum = WalChecksum.of(f, at, 8, checksum[0], checksum[1], big);
            sum = WalChecksum.of(f, at + FRAME_HEADER, header.pageSize(), sum[0], sum[1], big);
            if (sum[0] != intAt(f, at + 16) || sum[1] != intAt(f, at + 20)) {
                return false;
            }
            checksum = sum;
            frame++;
            pending.put(pageNumber, fileOffset + FRAME_HEADER);
            if (intAt(f, at + 4) != 0) {
                commit(intAt(f, at + 4));
            }
            return true;
        }

        private void commit(int sizeAfterCommit) {
            committed.putAll(pending);
            pending.clear();
            lastCommit = frame;
            commitChecksum = checksum;
            dbSizePages = sizeAfterCommit;
        }

        /** Reads the pages; the frames are still there, since callers hold a read transaction or the write lock. */
        WalDelta delta(FileChannel channel) throws IOException {
            // Pages past the final size were cut off by a later transaction of the same capture.
            committed.tailMap(dbSizePages + 1).clear();
            SortedMap<Integer, byte[]> pages = new TreeMap<>();
            for (Map.Entry<Integer, Long> e : committed.entrySet()) {
                ByteBuffer page = ByteBuffer.allocate(header.pageSize());
                if (!readFully(channel, page, e.getValue())) {
                    throw new IOException("WAL ended inside page " + e.getKey() + " at offset " + e.getValue());
                }
                pages.put(e.getKey(), page.array());
            }
            return new WalDelta(pages, dbSizePages, header.pageSize(), from.frame() + 1, lastCommit,
                    from.at(lastCommit, commitChecksum));
        }

        private static int intAt(byte[] b, int i) {
            return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
        }
    }
}
