package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MomentsTest {
    @Test
    void meanAndVarianceOfATextbookSample() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, variance 32/7.
        Moments m = Moments.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertThat(m.count()).isEqualTo(8);
        assertThat(m.mean()).isEqualTo(5.0);
        assertThat(m.m2()).isCloseTo(32, within(1e-12));
        assertThat(m.variance()).isCloseTo(32.0 / 7, within(1e-12));
    }

    @Test
    void mergingPartsInAnyOrderEqualsAddingEveryValue() {
        Random random = new Random(7);
        double[] values = random.doubles(1000, 10, 500).toArray();
        Moments all = Moments.of(values);
        Moments parts = Moments.EMPTY;
        for (int from = 1000; from > 0; from -= 137) {
            int to = from;
            parts = Moments.of(java.util.Arrays.copyOfRange(values, Math.max(0, from - 137), to)).plus(parts);
        }
        assertThat(parts.count()).isEqualTo(all.count());
        assertThat(parts.mean()).isCloseTo(all.mean(), within(1e-12 * all.mean()));
        assertThat(parts.m2()).isCloseTo(all.m2(), within(1e-10 * all.m2()));
    }

    @Test
    void smallSpreadAroundALargeMeanKeepsItsVariance() {
        // 1e9 + 0, 1, 2 repeated: mean 1e9 + 1, M2 = n * 2/3 exactly, variance n * (2/3) / (n - 1).
        int n = 300_000;
        double expected = n * (2.0 / 3) / (n - 1);
        Moments m = Moments.EMPTY;
        Moments half = Moments.EMPTY;
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < n; i++) {
            double x = 1e9 + i % 3;
            m = m.plus(x);
            half = i < n / 2 ? half.plus(x) : half;
            sum += x;
            sumOfSquares += x * x;
        }
        assertThat(m.mean()).isCloseTo(1e9 + 1, within(1e-4)); // 1e-13 relative
        assertThat(m.variance()).isCloseTo(expected, within(1e-8 * expected));
        Moments merged = half.plus(Moments.of(java.util.stream.IntStream.range(n / 2, n)
                .mapToDouble(i -> 1e9 + i % 3).toArray()));
        assertThat(merged.variance()).isCloseTo(expected, within(1e-8 * expected));
        // What sums of squares would have given: not a digit right.
        double naive = (sumOfSquares - sum * sum / n) / (n - 1);
        assertThat(Math.abs(naive - expected)).isGreaterThan(1.0);
    }

    @Test
    void sumsFromTheEventStoreGiveTheSameMoments() {
        // 2, 4, 4, 4, 5, 5, 7, 9: sum 40, sum of squares 232, M2 = 232 - 40²/8 = 32.
        assertThat(Moments.fromSums(8, 40, 232)).isEqualTo(new Moments(8, 5, 32));
        assertThat(Moments.fromSums(0, 0, 0)).isEqualTo(Moments.EMPTY);
        assertThat(Moments.fromSums(1, 7, 49)).isEqualTo(Moments.of(7));
        // Three values of 0.1 by sums: 3 * 0.01 - 0.3 * 0.1 rounds to -3.5e-18; M2 is 0, not an error.
        assertThat(Moments.fromSums(3, 3 * 0.1, 3 * 0.1 * 0.1).m2()).isZero();
        assertThatThrownBy(() -> Moments.fromSums(0, 5, 25)).hasMessageContaining("count 0, sum 5.0");
        assertThatThrownBy(() -> Moments.fromSums(2, 1, -1)).hasMessageContaining("sum of squares -1.0");
        assertThatThrownBy(() -> Moments.fromSums(2, Double.NaN, 1)).hasMessageContaining("sum NaN");
    }

    @Test
    void emptyAndSingleValueHaveNoVarianceButNoNaN() {
        assertThat(Moments.EMPTY.plus(Moments.EMPTY)).isEqualTo(Moments.EMPTY);
        assertThat(Moments.EMPTY.variance()).isZero();
        assertThat(Moments.of(42).variance()).isZero();
        assertThat(Moments.of(42).plus(Moments.EMPTY)).isEqualTo(Moments.of(42));
        assertThat(Moments.EMPTY.plus(Moments.of(3, 5)).variance()).isEqualTo(2.0);
    }

    @Test
    void refusesImpossibleMoments() {
        assertThatThrownBy(() -> new Moments(-1, 0, 0)).hasMessageContaining("count -1 is negative");
        assertThatThrownBy(() -> new Moments(3, Double.NaN, 0)).hasMessageContaining("mean NaN");
        assertThatThrownBy(() -> new Moments(3, 1, -0.5)).hasMessageContaining("m2 -0.5");
        assertThatThrownBy(() -> new Moments(0, 7, 0)).hasMessageContaining("no value have mean 7.0");
        assertThatThrownBy(() -> Moments.of(1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value Infinity");
    }
}
