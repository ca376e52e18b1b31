package io.slipway.analysis;

/**
 * Count, mean and M2 (the sum of squared deviations from the mean) of a stream of values: all a Welch
 * t-test needs, in a form that merges. Collectors keep one per variant and instance and add
 * them up with {@link #plus(Moments)}, in any order.
 *
 * <p>Kept as mean and M2 rather than sum and sum of squares because the variance from sums,
 * (&Sigma;x² - (&Sigma;x)²/n) / (n - 1), loses about log<sub>10</sub>(mean² / variance) digits: 6 of 16
 * for latencies of 200 &plusmn; 0.5 ms, all of them for values of 1e9 &plusmn; 1 (the test has the latter
 * right to 1e-8 relative from these updates, and wrong by more than the variance itself from sums).
 * B. P. Welford, Technometrics 4 (1962) 419-420, for one value at a time, and T. F. Chan, G. H. Golub
 * and R. J. LeVeque, "Updating formulae and a pairwise algorithm for computing sample variances"
 * (Stanford CS report STAN-CS-79-773, 1979), for merging two summaries, do not.
 *
 * @param count number of values, &ge; 0
 * @param mean  their mean, 0 when there are none
 * @param m2    &Sigma;(x - mean)², &ge; 0, 0 when there are fewer than two values
 */
public record Moments(long count, double mean, double m2) {
    /** No value at all. */
    public static final Moments EMPTY = new Moments(0, 0, 0);

    /**
     * @throws IllegalArgumentException when the count is negative, the mean or M2 is not finite, M2 is
     *                                  negative, or an empty summary has a mean or M2 other than 0
     */
    public Moments {
        if (count < 0) {
            throw new IllegalArgumentException("moments count " + count + " is negative");
        }
        if (!Double.isFinite(mean) || !(m2 >= 0) || m2 == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("moments mean " + mean + " and m2 " + m2
                    + " must be finite, m2 >= 0");
        }
        if (count == 0 && (mean != 0 || m2 != 0)) {
            throw new IllegalArgumentException("moments of no value have mean " + mean + " and m2 " + m2
                    + ", expected 0 and 0 (use Moments.EMPTY)");
        }
    }

    /** The moments of the given values, added one at a time. */
    public static Moments of(double... values) {
        Moments m = EMPTY;
        for (double v : values) {
            m = m.plus(v);
        }
        return m;
    }

    /**
     * The moments of values known only by their count, sum and sum of squares (what the flag event store
     * keeps per minute). M2 = &Sigma;x² - (&Sigma;x)²/n carries the cancellation described above, so the
     * variance is only as good as log<sub>10</sub>(mean² / variance) digits allow; a rounding below 0 is
     * taken as 0 rather than refused.
     *
     * @throws IllegalArgumentException when the count is negative, a sum is not finite, the sum of squares
     *                                  is negative, or there is no value but the sums are not 0
     */
    public static Moments fromSums(long count, double sum, double sumOfSquares) {
        if (count < 0 || !Double.isFinite(sum) || !(sumOfSquares >= 0) || sumOfSquares == Double.POSITIVE_INFINITY
                || (count == 0 && (sum != 0 || sumOfSquares != 0))) {
            throw new IllegalArgumentException("count " + count + ", sum " + sum + " and sum of squares "
                    + sumOfSquares + " are not the sums of any values");
        }
        if (count == 0) {
            return EMPTY;
        }
        double mean = sum / count;
        return new Moments(count, mean, count == 1 ? 0 : Math.max(0, sumOfSquares - sum * mean));
    }

    /**
     * These moments with one more value (Welford's update).
     *
     * @throws IllegalArgumentException when the value is NaN or infinite
     */
    public Moments plus(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value " + value + " is not a finite number");
        }
        long n = count + 1;
        double delta = value - mean;
        double newMean = mean + delta / n;
        return new Moments(n, newMean, m2 + delta * (value - newMean));
    }

    /**
     * The moments of both streams together (Chan, Golub and LeVeque's pairwise formula:
     * M2 = M2<sub>a</sub> + M2<sub>b</sub> + &delta;² n<sub>a</sub> n<sub>b</sub> / n with &delta; the
     * difference of the means).
     */
    public Moments plus(Moments other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            return other;
        }
        double n = (double) count + other.count;
        double delta = other.mean - mean;
        double merged = mean + delta * (other.count / n);
        return new Moments(count + other.count, merged, m2 + other.m2 + delta * delta * (count * (other.count / n)));
    }

    /** The sample variance M2 / (n - 1), with Bessel's correction; 0 for fewer than two values. */
    public double variance() {
        return count < 2 ? 0 : m2 / (count - 1);
    }

    /** The sample standard deviation, &radic;{@link #variance()}. */
    public double standardDeviation() {
        return Math.sqrt(variance());
    }
}
