package io.slipway.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads committed transactions out of a live SQLite WAL file, without SQLite's help and without
 * trusting anything it has not checked: a frame counts only if it carries the header's salts and
 * its cumulative checksum is right, and only frames up to the last commit frame are returned, so
 * a transaction being written, a torn write or stale frames of an earlier cycle end the scan.
 */
final class WalFile {
    private static final int FRAME_HEADER = 24;

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
                return scan(channel, header, WalPosition.startOf(header));
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

    private static WalHeader header(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(WalHeader.SIZE);
        return readFully(channel, buffer, 0) ? WalHeader.parse(buffer.array()) : null;
    }

    private static WalDelta nothing(WalPosition from) {
        return new WalDelta(new TreeMap<>(), 0, 0, from.frame() + 1, from.frame(), from);
    }

    private static WalDelta scan(FileChannel channel, WalHeader header, WalPosition from) throws IOException {
        Scan scan = new Scan(header, from);
        ByteBuffer buffer = ByteBuffer.allocate(FRAME_HEADER + header.pageSize());
        long offset = WalHeader.SIZE + (long) from.frame() * buffer.capacity();
        while (readFully(channel, buffer, offset) && scan.accept(buffer.array())) {
            offset += buffer.capacity();
        }
        return scan.delta();
    }

    private static boolean readFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The running state of one scan: frames of an unfinished transaction stay pending until its commit frame. */
    private static final class Scan {
        private final WalHeader header;
        private final WalPosition from;
        private final SortedMap<Integer, byte[]> committed = new TreeMap<>();
        private final SortedMap<Integer, byte[]> pending = new TreeMap<>();
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

        /** Takes one frame; false when it is not a valid frame of this cycle (the scan ends there). */
        boolean accept(byte[] f) {
            int pageNumber = intAt(f, 0);
            if (pageNumber == 0 || intAt(f, 8) != header.salt1() || intAt(f, 12) != header.salt2()) {
                return false;
            }
            int[] sum = WalChecksum.of(f, 0, 8, checksum[0], checksum[1], header.bigEndianChecksums());
            sum = WalChecksum.of(f, FRAME_HEADER, header.pageSize(), sum[0], sum[1], header.bigEndianChecksums());
            if (sum[0] != intAt(f, 16) || sum[1] != intAt(f, 20)) {
                return false;
            }
            checksum = sum;
            frame++;
            pending.put(pageNumber, Arrays.copyOfRange(f, FRAME_HEADER, f.length));
            if (intAt(f, 4) != 0) {
                commit(intAt(f, 4));
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

        WalDelta delta() {
            // Pages past the final size were cut off by a later transaction of the same capture.
            committed.tailMap(dbSizePages + 1).clear();
            return new WalDelta(committed, dbSizePages, header.pageSize(), from.frame() + 1, lastCommit,
                    from.at(lastCommit, commitChecksum));
        }

        private static int intAt(byte[] b, int i) {
            return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
        }
    }
}
