package io.slipway.analysis;

/**
 * Student's t distribution with &nu; degrees of freedom (any real &nu; &gt; 0, as Welch's test needs):
 * {@link #cdf}, {@link #survival}, {@link #twoSided} and {@link #quantile}.
 *
 * <p>The tails come from the regularized incomplete beta function (Abramowitz and Stegun 26.7.1):
 * P(|T| &gt; t) = I<sub>x</sub>(&nu;/2, 1/2) with x = &nu; / (&nu; + t²), computed directly by
 * {@link Beta#regularized} with 1 - x = t² / (&nu; + t²) passed along, so that a p-value of 1e-30 keeps its
 * digits rather than coming out of 1 - cdf. That stays accurate for any finite &nu; (the tests go to
 * 1e15), so the normal distribution answers only for &nu; = &infin;. The tests check the closed forms of
 * &nu; = 1 (Cauchy) and &nu; = 2, textbook critical values and 40-digit mpmath values: tails within 1e-13
 * relative down to 1e-197, quantiles within 1e-14.
 */
public final class StudentT {
    private static final double QUANTILE_TOLERANCE = 1e-15;
    private static final int QUANTILE_STEPS = 200;

    private StudentT() {
    }

    /**
     * P(T &le; t).
     *
     * @throws IllegalArgumentException when t is NaN or the degrees of freedom are not &gt; 0
     */
    public static double cdf(double t, double degreesOfFreedom) {
        return survival(-t, degreesOfFreedom);
    }

    /**
     * P(T &gt; t), the upper tail, accurate far out.
     *
     * @throws IllegalArgumentException when t is NaN or the degrees of freedom are not &gt; 0
     */
    public static double survival(double t, double degreesOfFreedom) {
        double both = twoSided(t, degreesOfFreedom) / 2;
        return t >= 0 ? both : 1 - both;
    }

    /**
     * P(|T| &gt; |t|): the two-sided p-value of a t statistic.
     *
     * @throws IllegalArgumentException when t is NaN or the degrees of freedom are not &gt; 0
     */
    public static double twoSided(double t, double degreesOfFreedom) {
        requireArguments(t, degreesOfFreedom);
        if (degreesOfFreedom == Double.POSITIVE_INFINITY) {
            return 2 * Normal.survival(Math.abs(t));
        }
        double tSquared = t * t;
        // x = v / (v + t²) and 1 - x, each without subtracting; t² = inf gives x = 0, t = 0 gives x = 1.
        double x = 1 / (1 + tSquared / degreesOfFreedom);
        double y = 1 / (1 + degreesOfFreedom / tSquared);
        return Beta.regularized(x, y, degreesOfFreedom / 2, 0.5);
    }

    /**
     * The t with {@code cdf(t) == p}: -&infin; for 0, +&infin; for 1.
     *
     * <p>Safeguarded Newton iteration on the upper tail (Numerical Recipes' {@code rtsafe}): the
     * Cornish-Fisher expansion around the normal quantile (Abramowitz and Stegun 26.7.5) gives the
     * start, a bracket found by doubling and halving keeps every step inside, a bisection replaces any
     * Newton step that would leave it; it stops at 1e-15 relative.
     *
     * @throws IllegalArgumentException when p is not in [0, 1] or the degrees of freedom are not &gt; 0
     */
    public static double quantile(double p, double degreesOfFreedom) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability " + p + " is not in [0, 1]");
        }
        requireArguments(0, degreesOfFreedom);
        if (degreesOfFreedom == Double.POSITIVE_INFINITY || p == 0 || p == 1 || p == 0.5) {
            return Normal.quantile(p);
        }
        double upper = upperQuantile(Math.min(p, 1 - p), degreesOfFreedom);
        return p > 0.5 ? upper : -upper;
    }

    /** The t &gt; 0 with P(T &gt; t) = q, for 0 &lt; q &lt; 1/2. */
    private static double upperQuantile(double q, double v) {
        double z = -Normal.quantile(q);
        double guess = cornishFisher(z, v);
        // The expansion is in powers of 1/v: for v below 1 it can be wild, even negative.
        guess = guess > 0 && guess < Double.POSITIVE_INFINITY ? guess : z;
        double low = guess;
        while (low > 0 && survival(low, v) < q) {
            low /= 2;
        }
        double high = Math.max(guess, low);
        while (high < Double.POSITIVE_INFINITY && survival(high, v) > q) {
            high *= 2;
        }
        if (high == Double.POSITIVE_INFINITY) {
            return high;
        }
        return refine(q, v, low, high, Math.min(Math.max(guess, low), high));
    }

    private static double refine(double q, double v, double low, double high, double start) {
        double t = start;
        for (int i = 0; i < QUANTILE_STEPS && high - low > QUANTILE_TOLERANCE * t; i++) {
            double excess = survival(t, v) - q;
            if (excess == 0) {
                return t;
            }
            if (excess > 0) {
                low = t;
            } else {
                high = t;
            }
            double next = t + excess / density(t, v);
            boolean inside = next > low && next < high;
            next = inside ? next : (low + high) / 2;
            if (inside && Math.abs(next - t) <= QUANTILE_TOLERANCE * t) {
                return next;
            }
            t = next;
        }
        return t;
    }

    /**
     * The density of T at t, 1 / (&radic;&nu; B(&nu;/2, 1/2)) &middot; (1 + t²/&nu;)<sup>-(&nu;+1)/2</sup>; through
     * {@link Beta#logBeta} because log &Gamma;((&nu; + 1)/2) - log &Gamma;(&nu;/2) cancels for large &nu;.
     */
    static double density(double t, double v) {
        double logNormalizer = -0.5 * Math.log(v) - Beta.logBeta(v / 2, 0.5);
        return Math.exp(logNormalizer - (v + 1) / 2 * Math.log1p(t * t / v));
    }

    /** Abramowitz and Stegun 26.7.5: t from the normal quantile z, to the 1/v&sup4; term. */
    private static double cornishFisher(double z, double v) {
        double z2 = z * z;
        double g1 = (z2 + 1) * z / 4;
        double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
        double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
        double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
        return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
    }

    private static void requireArguments(double t, double degreesOfFreedom) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("t statistic is NaN");
        }
        if (!(degreesOfFreedom > 0)) {
            throw new IllegalArgumentException("degrees of freedom " + degreesOfFreedom + " must be > 0");
        }
    }
}
