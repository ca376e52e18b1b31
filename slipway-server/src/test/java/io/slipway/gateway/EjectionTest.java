package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EjectionTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42);
    private final Ejection ejection = new Ejection(3, 5 * SECOND, now::get);

    @Test
    void ejectsAfterConsecutiveFailuresForEjectFor() {
        assertThat(ejection.failure()).isZero();
        assertThat(ejection.failure()).isZero();
        assertThat(ejection.ejected()).isFalse();

        assertThat(ejection.failure()).isEqualTo(5 * SECOND);
        assertThat(ejection.ejected()).isTrue();
        now.addAndGet(5 * SECOND - 1);
        assertThat(ejection.ejected()).isTrue();
        now.addAndGet(1);
        assertThat(ejection.ejected()).isFalse();
    }

    @Test
    void aSuccessBreaksTheStreak() {
        ejection.failure();
        ejection.failure();
        ejection.success();
        ejection.failure();
        ejection.failure();

        assertThat(ejection.ejected()).isFalse();
    }

    @Test
    void oneFailureWhenHalfOpenEjectsAgainForTwiceAsLongUpTo12Times() {
        long[] expected = {5, 10, 20, 40, 60, 60};
        fail(3);
        for (int i = 1; i < expected.length; i++) {
            now.addAndGet(expected[i - 1] * SECOND);
            assertThat(ejection.ejected()).isFalse();

            assertThat(ejection.failure()).isEqualTo(expected[i] * SECOND);
            assertThat(ejection.ejected()).isTrue();
        }
    }

    @Test
    void aSuccessAfterReadmissionResetsTheBackoff() {
        fail(3);
        now.addAndGet(5 * SECOND);
        ejection.success();

        assertThat(ejection.failure()).isZero();
        assertThat(ejection.failure()).isZero();
        assertThat(ejection.failure()).isEqualTo(5 * SECOND);
    }

    @Test
    void failuresWhileEjectedDoNotExtendIt() {
        fail(3);
        fail(10);
        now.addAndGet(5 * SECOND);

        assertThat(ejection.ejected()).isFalse();
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            ejection.failure();
        }
    }
}
