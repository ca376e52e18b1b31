package io.slipway.flags;

/**
 * MurmurHash3 x86_32, the hash Unleash buckets with: {@code murmur3_x86_32(groupId + ":" + value, seed)}
 * over the UTF-8 bytes. This one hashes a pre-encoded prefix followed by a string's UTF-8 encoding
 * without building either the joined string or its byte array, so a rollout check allocates nothing.
 * Lone surrogates hash as {@code '?'}, as {@link String#getBytes} encodes them.
 */
final class Murmur3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {
    }

    /**
     * The hashing state after a constant prefix (a strategy's "groupId:"), computed once so that each
     * evaluation only hashes the context's value.
     *
     * @param state  running hash and partial block, packed as {@link #feed} keeps them
     * @param length bytes hashed so far
     */
    record Prefix(long state, int length) {
        static Prefix of(byte[] bytes, int seed) {
            long state = (long) seed << 32;
            int n = 0;
            for (byte b : bytes) {
                state = feed(state, b, n++);
            }
            return new Prefix(state, n);
        }
    }

    /** The hash of {@code prefix} followed by the UTF-8 bytes of {@code value}. */
    static int hash(byte[] prefix, CharSequence value, int seed) {
        return hash(Prefix.of(prefix, seed), value);
    }

    /** The hash of the prefix's bytes followed by the UTF-8 bytes of {@code value}. */
    static int hash(Prefix prefix, CharSequence value) {
        long state = prefix.state();
        int n = prefix.length();
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                state = feed(state, c, n++);
            } else if (c < 0x800) {
                state = feed(state, 0xc0 | (c >> 6), n++);
                state = feed(state, 0x80 | (c & 0x3f), n++);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                state = feed(state, 0xf0 | (cp >> 18), n++);
                state = feed(state, 0x80 | ((cp >> 12) & 0x3f), n++);
                state = feed(state, 0x80 | ((cp >> 6) & 0x3f), n++);
                state = feed(state, 0x80 | (cp & 0x3f), n++);
            } else if (Character.isSurrogate(c)) {
                state = feed(state, '?', n++);
            } else {
                state = feed(state, 0xe0 | (c >> 12), n++);
                state = feed(state, 0x80 | ((c >> 6) & 0x3f), n++);
                state = feed(state, 0x80 | (c & 0x3f), n++);
            }
        }
        return finish(state, n);
    }

    /** The plain hash of {@code bytes}. */
    static int hash(byte[] bytes, int seed) {
        return hash(bytes, "", seed);
    }

    /**
     * Adds byte number {@code n}. The running hash and the partial 4-byte block travel packed in one
     * long (hash in the high half) so the loops above need no state object.
     */
    private static long feed(long state, int b, int n) {
        int h = (int) (state >>> 32);
        int k = (int) state | (b & 0xff) << ((n & 3) << 3);
        if ((n & 3) == 3) {
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
            k = 0;
        }
        return (long) h << 32 | (k & 0xffffffffL);
    }

    private static int finish(long state, int length) {
        int h = (int) (state >>> 32);
        if ((length & 3) != 0) {
            h ^= mixK((int) state);
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixK(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }
}
