package io.slipway.analysis;

/**
 * The standard normal distribution: {@link #cdf}, {@link #survival} (upper tail) and {@link #quantile},
 * built on the complementary error function {@link #erfc}.
 *
 * <p>Hand-written because nothing on our classpath offers it (HdrHistogram has no distributions) and a
 * statistics library for three functions was not worth a dependency. {@code erfc} follows W. J. Cody,
 * "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969) 631-637, with the
 * coefficients and the three intervals (|x| &le; 0.46875, &le; 4, &gt; 4) of his netlib SPECFUN routine
 * CALERF (1985). Cody's approximations are good to at least 18 significant digits in exact arithmetic;
 * in doubles the tests find erfc within 1e-14 (relative) of SciPy down to erfc(26) = 5.7e-296, and
 * cdf and survival within 1e-13 out to z = 37 (rounding z / &radic;2 costs a digit far out), so p-values
 * of 1e-6 or 1e-15 keep all the digits a decision needs (the often quoted
 * Abramowitz-Stegun 7.1.26 is only good to 1.5e-7 absolute, useless out there).
 *
 * <p>{@link #quantile} is P. J. Acklam's rational approximation (relative error 1.15e-9) refined by one
 * Halley step on {@link #cdf}, which brings it to full double precision (tests: 1e-12 relative).
 */
public final class Normal {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double ONE_OVER_SQRT_PI = 5.6418958354775628695e-1;
    private static final double SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
    /** erfc underflows to 0 beyond this (Cody's XBIG for IEEE doubles). */
    private static final double ERFC_ZERO_BEYOND = 26.543;

    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02,
        3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02,
        1.28261652607737228e03, 2.84423683343917062e03};
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00,
        6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
        2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02,
        5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
        3.43936767414372164e03, 1.23033935480374942e03};
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1,
        1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00,
        5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3};

    // Acklam's inverse normal, central region |p - 0.5| <= 0.47575 and tails.
    private static final double[] IA = {-3.969683028665376e+01, 2.209460984245205e+02,
        -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] IB = {-5.447609879822406e+01, 1.615858368580409e+02,
        -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] IC = {-7.784894002430293e-03, -3.223964580411365e-01,
        -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] ID = {7.784695709041462e-03, 3.224671290700398e-01,
        2.445134137142996e+00, 3.754408661907416e+00};
    private static final double TAIL = 0.02425;

    private Normal() {
    }

    /** P(Z &le; z) for a standard normal Z. */
    public static double cdf(double z) {
        return 0.5 * erfc(-z * SQRT_HALF);
    }

    /** P(Z &gt; z), the upper tail, computed directly so that tiny p-values keep their digits. */
    public static double survival(double z) {
        return 0.5 * erfc(z * SQRT_HALF);
    }

    /**
     * The z with {@code cdf(z) == p}: -&infin; for 0, +&infin; for 1.
     *
     * @throws IllegalArgumentException when p is not in [0, 1]
     */
    public static double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability " + p + " is not in [0, 1]");
        }
        if (p == 0 || p == 1) {
            return p == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double x = acklam(p);
        // One Halley step: e = cdf(x) - p, computed on the smaller tail so that it does not cancel.
        double e = x <= 0 ? cdf(x) - p : (1 - p) - survival(x);
        double u = e * SQRT_TWO_PI * Math.exp(x * x / 2);
        // Past |x| ~ 37.5 exp(x²/2) overflows and cdf underflows: Acklam's value is all there is.
        return Double.isFinite(u) ? x - u / (1 + x * u / 2) : x;
    }

    private static double acklam(double p) {
        if (p < TAIL || p > 1 - TAIL) {
            double q = Math.sqrt(-2 * Math.log(Math.min(p, 1 - p)));
            double x = (((((IC[0] * q + IC[1]) * q + IC[2]) * q + IC[3]) * q + IC[4]) * q + IC[5])
                    / ((((ID[0] * q + ID[1]) * q + ID[2]) * q + ID[3]) * q + 1);
            return p < TAIL ? x : -x;
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((IA[0] * r + IA[1]) * r + IA[2]) * r + IA[3]) * r + IA[4]) * r + IA[5]) * q
                / (((((IB[0] * r + IB[1]) * r + IB[2]) * r + IB[3]) * r + IB[4]) * r + 1);
    }

    /** The complementary error function, 1 - erf(x), accurate to ~1e-14 relative for every double x. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double y = Math.abs(x);
        if (y <= 0.46875) {
            return 1 - x * smallRatio(y * y);
        }
        double upper = y <= 4 ? expTimes(y, middleRatio(y)) : largeTail(y);
        return x < 0 ? 2 - upper : upper;
    }

    /** erf(x) / x for |x| &le; 0.46875, as a function of x². */
    private static double smallRatio(double ysq) {
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return (num + A[3]) / (den + B[3]);
    }

    /** erfc(y) exp(y²) for 0.46875 &lt; y &le; 4. */
    private static double middleRatio(double y) {
        double num = C[8] * y;
        double den = y;
        for (int i = 0; i < 7; i++) {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        return (num + C[7]) / (den + D[7]);
    }

    private static double largeTail(double y) {
        if (y >= ERFC_ZERO_BEYOND) {
            return 0;
        }
        double ysq = 1 / (y * y);
        double num = P[5] * ysq;
        double den = ysq;
        for (int i = 0; i < 4; i++) {
            num = (num + P[i]) * ysq;
            den = (den + Q[i]) * ysq;
        }
        double ratio = ysq * (num + P[4]) / (den + Q[4]);
        return expTimes(y, (ONE_OVER_SQRT_PI - ratio) / y);
    }

    /**
     * exp(-y²) times {@code factor}, with y² split as Cody does (y rounded down to 1/16 plus the rest)
     * so that the rounding error of y² is not amplified by the exponential.
     */
    private static double expTimes(double y, double factor) {
        double head = Math.floor(y * 16) / 16;
        double rest = (y - head) * (y + head);
        return Math.exp(-head * head) * Math.exp(-rest) * factor;
    }
}
