package io.slipway.gateway;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 x86 32-bit, seed 0, of a string's UTF-8 bytes: a sticky key's bucket. Chosen over
 * {@code String.hashCode} because nearby keys ({@code user-41}, {@code user-42}) must land far
 * apart, and it is the same in every JVM and version, so a user keeps its slot across restarts.
 */
final class Murmur3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {
    }

    static int hash32(String s) {
        return hashBytes(isAscii(s) ? s : new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /** Each char is one byte (0..255): ASCII keys, the usual case, are hashed without copying. */
    private static int hashBytes(String b) {
        int len = b.length();
        int h = 0;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            int k = b.charAt(i) | b.charAt(i + 1) << 8 | b.charAt(i + 2) << 16 | b.charAt(i + 3) << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int k = 0;
        for (int shift = 0; i < len; i++, shift += 8) {
            k |= b.charAt(i) << shift;
        }
        h ^= mixK(k) ^ len;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ h >>> 16;
    }

    private static int mixK(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
