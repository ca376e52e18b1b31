package io.slipway.analysis;

import java.util.Arrays;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples, in its normal approximation
 * with tie correction and continuity correction: the same numbers as
 * {@code scipy.stats.mannwhitneyu(x, y, alternative=..., method="asymptotic", use_continuity=True)}
 * (verified to 1e-9 relative in the tests, ties, unequal sizes and p-values down to 1e-15 included).
 *
 * <p>U is the statistic of {@code x}: the number of pairs (x<sub>i</sub>, y<sub>j</sub>) with
 * x<sub>i</sub> &gt; y<sub>j</sub>, ties counting one half. Ranking sorts each sample once and merges
 * them, O(n log n) time and two copies of the input, so tens of thousands of latencies take a few
 * milliseconds. There is no exact (permutation) method: analysis never decides on fewer than
 * {@link Check#DEFAULT_MIN_SAMPLES} samples a side, where the normal approximation's error (of order
 * 1/n) is far below anything that moves a verdict; exact p-values matter for a few dozen samples.
 *
 * <p>Hand-written because nothing on our classpath offers a rank test; it is 100 lines checked
 * against SciPy rather than a new statistics dependency.
 */
public final class MannWhitney {
    /** Which way the alternative hypothesis points, as SciPy's {@code alternative}. */
    public enum Alternative {
        /** The distributions differ. */
        TWO_SIDED,
        /** x is stochastically greater than y (for latencies: x is slower). */
        GREATER,
        /** x is stochastically less than y. */
        LESS
    }

    /**
     * One test's outcome.
     *
     * @param u      U of the first sample (SciPy's {@code statistic})
     * @param z      the standardized statistic used for the p-value (continuity-corrected)
     * @param pValue the p-value under the chosen alternative, in [0, 1]
     * @param n1     size of the first sample
     * @param n2     size of the second sample
     */
    public record Result(double u, double z, double pValue, int n1, int n2) {
    }

    private MannWhitney() {
    }

    /**
     * Tests x against y.
     *
     * @throws IllegalArgumentException when a sample is empty or holds NaN
     */
    public static Result test(double[] x, double[] y, Alternative alternative) {
        double[] xs = sorted(x, "first");
        double[] ys = sorted(y, "second");
        Ranks ranks = Ranks.of(xs, ys);
        double n1 = xs.length;
        double n2 = ys.length;
        double u1 = ranks.firstSum() - n1 * (n1 + 1) / 2;
        double u2 = n1 * n2 - u1;
        double u = switch (alternative) {
            case GREATER -> u1;
            case LESS -> u2;
            case TWO_SIDED -> Math.max(u1, u2);
        };
        double n = n1 + n2;
        double sd = Math.sqrt(n1 * n2 / 12 * ((n + 1) - ranks.tieTerm() / (n * (n - 1))));
        double z = (u - n1 * n2 / 2 - 0.5) / sd;
        // All values equal: sd is 0, no evidence either way.
        double p = sd == 0 ? 1 : Normal.survival(z);
        if (alternative == Alternative.TWO_SIDED) {
            p = Math.min(1, 2 * p);
        }
        return new Result(u1, z, p, xs.length, ys.length);
    }

    /**
     * One-sided test that the candidate is slower than the stable version by more than
     * {@code tolerance}: the candidate's latencies against the stable's multiplied by
     * {@code 1 + tolerance}, alternative {@link Alternative#GREATER}.
     *
     * <p>Precisely, the null hypothesis is P(C &gt; (1 + t) S) &le; P(C &lt; (1 + t) S) for a random
     * candidate latency C and stable latency S; a small p-value says the candidate is, more often than
     * not, slower than stable even after stable is slowed down by the tolerance. When the candidate's
     * latencies are the stable's times a factor r (a shift of log-latency, how slowdowns usually look),
     * this is exactly the test of r &le; 1 + t. Tolerance 0.10 therefore means "fail only on evidence
     * that the candidate is more than 10 % slower", so a few percent of noise between instances does
     * not fail a run however many samples there are.
     *
     * @throws IllegalArgumentException when the tolerance is negative or not finite, or as {@link #test}
     */
    public static Result candidateSlower(double[] candidate, double[] stable, double tolerance) {
        if (!(tolerance >= 0 && tolerance < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("latency tolerance " + tolerance + " is not a fraction >= 0");
        }
        double factor = 1 + tolerance;
        double[] scaled = new double[stable.length];
        for (int i = 0; i < stable.length; i++) {
            scaled[i] = stable[i] * factor;
        }
        return test(candidate, scaled, Alternative.GREATER);
    }

    private static double[] sorted(double[] sample, String which) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("the " + which + " sample is empty");
        }
        double[] copy = sample.clone();
        Arrays.sort(copy);
        if (Double.isNaN(copy[copy.length - 1])) {
            throw new IllegalArgumentException("the " + which + " sample holds NaN");
        }
        return copy;
    }

    /**
     * Rank sum of the first sample and the tie term sum(t³ - t) over groups of t equal values, found
     * by merging the two sorted samples. Tied values share the mean of the ranks they occupy.
     */
    private record Ranks(double firstSum, double tieTerm) {
        static Ranks of(double[] xs, double[] ys) {
            int i = 0;
            int j = 0;
            long position = 0;
            double firstSum = 0;
            double tieTerm = 0;
            while (i < xs.length || j < ys.length) {
                double v = j == ys.length || (i < xs.length && xs[i] <= ys[j]) ? xs[i] : ys[j];
                int inX = 0;
                while (i < xs.length && xs[i] == v) {
                    i++;
                    inX++;
                }
                int inY = 0;
                while (j < ys.length && ys[j] == v) {
                    j++;
                    inY++;
                }
                double t = inX + inY;
                firstSum += inX * (position + (t + 1) / 2);
                tieTerm += t * t * t - t;
                position += inX + inY;
            }
            return new Ranks(firstSum, tieTerm);
        }
    }
}
