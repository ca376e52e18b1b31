package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Murmur3Test {
    @Test
    void matchesTheReferenceVectorsOfMurmurHash3X86With32BitsAndSeedZero() {
        assertThat(Murmur3.hash32("")).isEqualTo(0);
        assertThat(Murmur3.hash32("a")).isEqualTo(0x3c2569b2);
        assertThat(Murmur3.hash32("ab")).isEqualTo(0x9bbfd75f);
        assertThat(Murmur3.hash32("abc")).isEqualTo(0xb3dd93fa);
        assertThat(Murmur3.hash32("abcd")).isEqualTo(0x43ed676a);
        assertThat(Murmur3.hash32("hello")).isEqualTo(0x248bfa47);
        assertThat(Murmur3.hash32("The quick brown fox jumps over the lazy dog")).isEqualTo(0x2e4ff723);
    }

    @Test
    void hashesNonAsciiKeysByTheirUtf8Bytes() {
        assertThat(Murmur3.hash32("ünïcødé-user")).isEqualTo(0x1fe22ba0);
    }
}
