package io.slipway.backup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fixed 96-byte header of a snapshot or segment file. Everything after it is the gzip'ed
 * body: {@code pageCount} times a 4-byte page number and the page. {@code digest} is
 * SHA-256(header fields ‖ SHA-256(body)), so a flipped byte anywhere, header included, and a
 * truncated body are both caught before the file is used.
 *
 * <p>{@code checkpointSeq}, {@code salt1} and {@code salt2} name the WAL cycle the file belongs
 * to and {@code firstFrame..lastFrame} the frames it covers (for a snapshot: the frame it is
 * consistent with), which lets verify check that consecutive files join without a gap.
 *
 * @param index            position in the generation's chain: a segment's own number; for a
 *                         snapshot, the number of the first segment that applies on top of it
 * @param capturedAtMillis when capture read these frames; a restore to T uses files captured at or before T
 */
record ReplicaFileHeader(Kind kind, long index, long capturedAtMillis, int pageSize, int checkpointSeq, int salt1,
                         int salt2, int firstFrame, int lastFrame, int dbSizePages, int pageCount, long bodyLength,
                         byte[] digest) {
    static final int SIZE = 96;
    static final int FIELDS = SIZE - 32;

    /** What a replica file holds; the magic is the first 8 bytes of the file. */
    enum Kind {
        SNAPSHOT("SLPWSNP1", ".snap"), SEGMENT("SLPWSEG1", ".seg");

        final byte[] magic;
        final String suffix;

        Kind(String magic, String suffix) {
            this.magic = magic.getBytes(StandardCharsets.US_ASCII);
            this.suffix = suffix;
        }
    }

    /** A header for a file about to be written; length and digest are filled in once the body is. */
    static ReplicaFileHeader of(Kind kind, long index, long capturedAtMillis, int pageSize, WalPosition cycle,
                                int firstFrame, int lastFrame, int dbSizePages, int pageCount) {
        return new ReplicaFileHeader(kind, index, capturedAtMillis, pageSize, cycle.checkpointSeq(), cycle.salt1(),
                cycle.salt2(), firstFrame, lastFrame, dbSizePages, pageCount, 0, new byte[32]);
    }

    ReplicaFileHeader withBody(long length, byte[] newDigest) {
        return new ReplicaFileHeader(kind, index, capturedAtMillis, pageSize, checkpointSeq, salt1, salt2, firstFrame,
                lastFrame, dbSizePages, pageCount, length, newDigest);
    }

    /** The 64 bytes the digest covers. */
    byte[] fields() {
        ByteBuffer b = ByteBuffer.allocate(FIELDS);
        b.put(kind.magic).putLong(index).putLong(capturedAtMillis).putInt(pageSize);
        b.putInt(checkpointSeq).putInt(salt1).putInt(salt2).putInt(firstFrame).putInt(lastFrame);
        b.putInt(dbSizePages).putInt(pageCount).putLong(bodyLength);
        return b.array();
    }

    byte[] encode() {
        return ByteBuffer.allocate(SIZE).put(fields()).put(digest).array();
    }

    /** The header in {@code bytes}, or a message saying why it is not one. */
    static ReplicaFileHeader decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[8];
        b.get(magic);
        Kind kind = Arrays.equals(magic, Kind.SNAPSHOT.magic) ? Kind.SNAPSHOT
                : Arrays.equals(magic, Kind.SEGMENT.magic) ? Kind.SEGMENT : null;
        if (kind == null) {
            throw new IllegalArgumentException("not a replica file (magic " + new String(magic, StandardCharsets.ISO_8859_1) + ")");
        }
        ReplicaFileHeader h = new ReplicaFileHeader(kind, b.getLong(), b.getLong(), b.getInt(), b.getInt(), b.getInt(),
                b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getLong(), new byte[32]);
        b.get(h.digest);
        return h;
    }

    /** Guards against a flipped bit turning into a huge allocation before the digest is checked. */
    boolean plausible() {
        boolean pageSizeOk = pageSize >= 512 && pageSize <= 65536 && Integer.bitCount(pageSize) == 1;
        return pageSizeOk && pageCount >= 0 && pageCount <= dbSizePages && bodyLength >= 0;
    }

    /** Whether the first frame of {@code next} continues exactly where this file ends. */
    boolean joins(ReplicaFileHeader next) {
        boolean sameCycle = next.checkpointSeq == checkpointSeq && next.salt1 == salt1 && next.salt2 == salt2;
        return sameCycle ? next.firstFrame == lastFrame + 1 : next.firstFrame == 1;
    }
}
