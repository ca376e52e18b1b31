package io.slipway.backup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SQLite's WAL checksum: two 32-bit sums over pairs of 32-bit words, each frame's sum seeded
 * with the previous frame's, so that a frame is valid only with every frame before it.
 *
 * <p>Capture checksums every byte the application writes to the WAL, so this is the hot loop:
 * one loop per byte order with a constant {@link VarHandle} reads whole words, several times
 * faster than assembling them byte by byte.
 */
final class WalChecksum {
    private static final VarHandle LITTLE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private WalChecksum() {
    }

    /** Sums {@code length} bytes (a multiple of 8) of {@code data} from {@code offset}, seeded with {@code s0, s1}. */
    static int[] of(byte[] data, int offset, int length, int s0, int s1, boolean bigEndian) {
        return bigEndian ? big(data, offset, length, s0, s1) : little(data, offset, length, s0, s1);
    }

    private static int[] little(byte[] data, int offset, int length, int s0, int s1) {
        for (int i = offset; i < offset + length; i += 8) {
            s0 += (int) LITTLE.get(data, i) + s1;
            s1 += (int) LITTLE.get(data, i + 4) + s0;
        }
        return new int[] {s0, s1};
    }

    private static int[] big(byte[] data, int offset, int length, int s0, int s1) {
        for (int i = offset; i < offset + length; i += 8) {
            s0 += (int) BIG.get(data, i) + s1;
            s1 += (int) BIG.get(data, i + 4) + s0;
        }
        return new int[] {s0, s1};
    }
}
