package io.slipway.backup;

/**
 * SQLite's WAL checksum: two 32-bit sums over pairs of 32-bit words, each frame's sum seeded
 * with the previous frame's, so that a frame is valid only with every frame before it.
 */
final class WalChecksum {
    private WalChecksum() {
    }

    /** Sums {@code length} bytes (a multiple of 8) of {@code data} from {@code offset}, seeded with {@code s0, s1}. */
    static int[] of(byte[] data, int offset, int length, int s0, int s1, boolean bigEndian) {
        for (int i = offset; i < offset + length; i += 8) {
            s0 += word(data, i, bigEndian) + s1;
            s1 += word(data, i + 4, bigEndian) + s0;
        }
        return new int[] {s0, s1};
    }

    private static int word(byte[] d, int i, boolean bigEndian) {
        int b0 = d[i] & 0xff;
        int b1 = d[i + 1] & 0xff;
        int b2 = d[i + 2] & 0xff;
        int b3 = d[i + 3] & 0xff;
        return bigEndian ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b3 << 24 | b2 << 16 | b1 << 8 | b0;
    }
}
