package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MirrorStatsTest {
    private static final long MS = 1_000_000;

    @Test
    void countsEachComparedPairAsOneMismatchAtMost() {
        MirrorStats stats = new MirrorStats();
        compare(stats, 6, false, false);
        compare(stats, 3, true, true);
        compare(stats, 1, false, true);
        stats.tick();

        GatewayStatus.Mirror m = stats.snapshot();
        assertThat(List.of(m.mirrored(), m.compared(), m.statusMismatches(), m.bodyMismatches()))
                .containsExactly(10L, 10L, 3L, 1L);
        assertThat(m.last10s().mismatchRate()).isEqualTo(0.4);
        assertThat(m.last60s().mismatchRate()).isEqualTo(0.4);
    }

    @Test
    void errorRateIsOverCopiesThatEndedInTheWindow() {
        MirrorStats stats = new MirrorStats();
        compare(stats, 3, false, false);
        stats.mirrored();
        stats.failed();
        stats.skipped();
        stats.tick();
        for (int i = 0; i < 10; i++) {
            stats.tick();
        }
        stats.mirrored();
        stats.failed();
        stats.tick();

        GatewayStatus.Mirror m = stats.snapshot();
        assertThat(List.of(m.mirrorErrors(), m.skipped())).containsExactly(2L, 1L);
        assertThat(m.last10s().errorRate()).isEqualTo(1.0);
        assertThat(m.last10s().compared()).isZero();
        assertThat(m.last10s().mismatchRate()).as("nothing compared").isZero();
        assertThat(m.last60s().errorRate()).isEqualTo(0.4);
        assertThat(m.last60s().seconds()).isEqualTo(12);
    }

    @Test
    void theMedianLatencyDifferenceKeepsItsSign() {
        MirrorStats slower = new MirrorStats();
        MirrorStats faster = new MirrorStats();
        for (long d : new long[] {-3, 5, 7}) {
            slower.compared(false, false, d * MS);
            faster.compared(false, false, -d * MS);
        }
        slower.tick();
        faster.tick();

        assertThat(slower.snapshot().latencyDiffP50Millis()).isCloseTo(5, org.assertj.core.data.Offset.offset(0.05));
        assertThat(faster.snapshot().last10s().latencyDiffP50Millis())
                .isCloseTo(-5, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void signedPercentilesWalkFromTheMostNegative() {
        Histogram later = new Histogram(2);
        Histogram earlier = new Histogram(2);
        earlier.recordValue(30);
        earlier.recordValue(10);
        later.recordValue(0);
        later.recordValue(20);

        assertThat(MirrorStats.signedPercentileMicros(later, earlier, 25)).isEqualTo(-30);
        assertThat(MirrorStats.signedPercentileMicros(later, earlier, 50)).isEqualTo(-10);
        assertThat(MirrorStats.signedPercentileMicros(later, earlier, 75)).isZero();
        assertThat(MirrorStats.signedPercentileMicros(later, earlier, 100)).isEqualTo(20);
        assertThat(MirrorStats.signedPercentileMicros(new Histogram(2), new Histogram(2), 50)).isZero();
    }

    private static void compare(MirrorStats stats, int n, boolean statusDiffers, boolean bodyDiffers) {
        for (int i = 0; i < n; i++) {
            stats.mirrored();
            stats.answered();
            stats.compared(statusDiffers, bodyDiffers, MS);
        }
    }
}
