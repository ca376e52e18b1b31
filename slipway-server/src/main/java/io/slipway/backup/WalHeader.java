package io.slipway.backup;

import java.nio.ByteBuffer;

/**
 * The 32-byte header of a SQLite WAL file (https://www.sqlite.org/fileformat2.html#walformat).
 *
 * <p>The salts identify one <em>cycle</em> of the WAL: SQLite rewrites the header with new
 * salts when it restarts the WAL from its first frame, and a frame belongs to the cycle only if
 * it carries the same salts. On a restart SQLite adds one to the checkpoint sequence and to
 * salt-1 (and draws salt-2 at random), which is how capture recognises the cycle that follows
 * the one it has copied.
 */
record WalHeader(int magic, int pageSize, int checkpointSeq, int salt1, int salt2, int checksum1, int checksum2) {
    static final int SIZE = 32;
    static final int MAGIC_LITTLE_ENDIAN = 0x377f0682;
    static final int MAGIC_BIG_ENDIAN = 0x377f0683;

    /** The header in {@code bytes}, or null when it is not (or not yet completely) a valid header. */
    static WalHeader parse(byte[] bytes) {
        if (bytes.length < SIZE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = b.getInt(0);
        if (magic != MAGIC_LITTLE_ENDIAN && magic != MAGIC_BIG_ENDIAN) {
            return null;
        }
        WalHeader h = new WalHeader(magic, pageSize(b.getInt(8)), b.getInt(12), b.getInt(16), b.getInt(20),
                b.getInt(24), b.getInt(28));
        // A torn or half-written header fails its own checksum; the caller retries on the next poll.
        int[] sum = WalChecksum.of(bytes, 0, 24, 0, 0, h.bigEndianChecksums());
        return sum[0] == h.checksum1 && sum[1] == h.checksum2 ? h : null;
    }

    /** SQLite stores a page size of 65536 as 1 in the database header; the WAL header stores it whole. */
    private static int pageSize(int raw) {
        return raw == 1 ? 65536 : raw;
    }

    /** Bit 0 of the magic says in which byte order the checksums read the data. */
    boolean bigEndianChecksums() {
        return (magic & 1) == 1;
    }

    /** True when this header starts the cycle SQLite writes right after {@code previous}. */
    boolean follows(WalPosition previous) {
        return checkpointSeq == previous.checkpointSeq() + 1 && salt1 == previous.salt1() + 1;
    }
}
