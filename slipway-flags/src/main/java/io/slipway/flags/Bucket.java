package io.slipway.flags;

import java.nio.charset.StandardCharsets;

/**
 * Unleash-compatible bucketing: {@code murmur3_x86_32(groupId + ":" + value, seed)} read as an unsigned
 * number, modulo the normalizer, plus one. Rollouts use seed 0 and normalizer 100 (buckets 1..100, on
 * when the bucket is at most the percentage); variants use seed {@value #VARIANT_SEED} and the sum of
 * the weights. Teams moving from Unleash keep every user in the same bucket.
 */
public final class Bucket {
    /** Seed of variant selection in Unleash's client specification. */
    public static final int VARIANT_SEED = 86028157;

    private Bucket() {
    }

    /** Bucket in 1..normalizer of {@code value} within {@code groupId}. */
    public static int of(String groupId, CharSequence value, int normalizer, int seed) {
        return of(prefix(groupId), value, normalizer, seed);
    }

    static int of(Murmur3.Prefix prefix, CharSequence value, int normalizer) {
        return (int) (Integer.toUnsignedLong(Murmur3.hash(prefix, value)) % normalizer) + 1;
    }

    static int of(byte[] prefix, CharSequence value, int normalizer, int seed) {
        return of(Murmur3.Prefix.of(prefix, seed), value, normalizer);
    }

    /** The UTF-8 bytes of {@code groupId + ":"}. */
    static byte[] prefix(String groupId) {
        return (groupId + ":").getBytes(StandardCharsets.UTF_8);
    }

    /** The hashing state after {@code groupId + ":"} with {@code seed}, computed once per strategy or variant list. */
    static Murmur3.Prefix prefix(String groupId, int seed) {
        return Murmur3.Prefix.of(prefix(groupId), seed);
    }
}
