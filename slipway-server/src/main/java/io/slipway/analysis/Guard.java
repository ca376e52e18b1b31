package io.slipway.analysis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The continuous guard of a rollout: from the candidate's first share of traffic until the previous
 * version is stopped, the candidate's recent traffic is checked several times a second against the
 * seed thresholds (error rate &gt; 1 %, p95 &gt; 1000 ms, success rate &lt; 99.9 %), and the first breach
 * sends traffic back to stable.
 *
 * <p>Each threshold is a share: errors among requests, requests slower than the p95 bound among
 * latency samples (p95 &gt; 1000 ms exactly when more than 5 % took longer), gateway failures among
 * requests. A guard must act on a few requests, long before an analysis run's 2000, yet it looks again
 * every few hundred milliseconds for minutes; a bare "observed share &gt; limit" would fire on noise.
 * So it breaches only when the share is above its limit with the given confidence: an exact one-sided
 * binomial test, P(at least this many hits | share = limit) &lt; 1 - confidence. Exact rather than a
 * normal or Wilson bound, which are far too sure of themselves on the first few requests (Wilson puts
 * the lower bound of 1 failure in 1 request at 6.7 % for 99.99 %; the exact bound is 0.01 %). At the
 * default confidence a version failing every request breaches on its third failure; GuardTest measures
 * the time to detect 5 % errors and the false breaches of healthy versions.
 *
 * @param maxErrorRate   highest tolerated share of 5xx
 * @param maxP95Millis   highest tolerated 95th percentile latency
 * @param minSuccessRate lowest tolerated share of requests the version answered at all
 * @param confidence     how sure the guard must be that a limit is exceeded, e.g. 0.9999
 * @param window         the recent traffic looked at
 */
public record Guard(double maxErrorRate, double maxP95Millis, double minSuccessRate, double confidence,
                    Duration window) {
    public static final Guard DEFAULTS = new Guard(0.01, 1000, 0.999, 0.9999, Duration.ofSeconds(10));
    private static final double P95_SHARE = 0.05;

    /**
     * @throws IllegalArgumentException when a rate is outside [0, 1], confidence outside (0.5, 1) or the window is not positive
     */
    public Guard {
        requireRate("maxErrorRate", maxErrorRate);
        requireRate("minSuccessRate", minSuccessRate);
        if (!(maxP95Millis > 0)) {
            throw new IllegalArgumentException("maxP95Millis: " + maxP95Millis + " must be above 0");
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence: " + confidence + " must be in (0.5, 1), e.g. 0.9999");
        }
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " must be positive");
        }
    }

    /** The first threshold the candidate's traffic exceeds with the guard's confidence, if any. */
    public Optional<CheckResult> breach(Measurement candidate) {
        return evaluate(candidate).stream().filter(r -> r.verdict() == Verdict.FAIL).findFirst();
    }

    /** All three thresholds judged on {@code candidate}: FAIL when exceeded with confidence, else PASS. */
    public List<CheckResult> evaluate(Measurement candidate) {
        double[] samples = candidate.samples();
        return evaluate(new Counts(candidate.requests(), candidate.errors(), candidate.gatewayErrors(),
                samples.length, slowerThan(samples, maxP95Millis)), candidate.window());
    }

    /** The same on counts alone (what a simulation of many windows can afford). */
    List<CheckResult> evaluate(Counts c, Duration measured) {
        return List.of(
                judge(Measurement.ERROR_RATE, "error rate", c.errors(), c.requests(), maxErrorRate,
                        "of requests failed (5xx)", measured),
                judge(Measurement.P95, "p95", c.slow(), c.samples(), P95_SHARE,
                        "of requests took longer than " + Format.millis(maxP95Millis), measured),
                judge(Measurement.SUCCESS_RATE, "success rate", c.gatewayErrors(), c.requests(), 1 - minSuccessRate,
                        "of requests got no answer from the version (gateway 502/504)", measured));
    }

    /** Whether any threshold is exceeded with confidence: {@link #evaluate} without the evidence text. */
    boolean breached(Counts c) {
        return exceeds(c.errors(), c.requests(), maxErrorRate) || exceeds(c.slow(), c.samples(), P95_SHARE)
                || exceeds(c.gatewayErrors(), c.requests(), 1 - minSuccessRate);
    }

    private boolean exceeds(long hits, long n, double limit) {
        return hits > limit * n && upperTail(hits, n, limit) < 1 - confidence;
    }

    /** A window's counts: requests, their 5xx and gateway failures, latency samples and those slower than the p95 bound. */
    record Counts(long requests, long errors, long gatewayErrors, long samples, long slow) {
    }

    private CheckResult judge(String metric, String name, long hits, long n, double limit, String what,
                              Duration window) {
        double p = upperTail(hits, n, limit);
        boolean breached = exceeds(hits, n, limit);
        double share = n == 0 ? 0 : (double) hits / n;
        String explanation = "guard " + name + ": " + Format.percent(share) + " " + what + " over "
                + Format.window(window) + ", " + hits + " of " + n + (breached ? "; above " : "; not shown above ")
                + Format.percent(limit) + " (p = " + Format.pValue(p) + ", needs < "
                + java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(confidence)).toPlainString()
                + ")";
        return new CheckResult("guard " + name, breached ? Verdict.FAIL : Verdict.PASS, new CheckResult.Evidence(
                metric, window, share, null, "share > " + Format.percent(limit), n, 0, p, explanation));
    }

    /**
     * P(X &ge; k) for X ~ Binomial(n, p). Summed from k outwards, where the terms only shrink: upwards
     * when k is above the mean, else as 1 - P(X &le; k - 1) summed downwards, so no term that matters
     * underflows. Each term is the next one's neighbour times a ratio; the first is the pmf in logs (a
     * sum of k logs: n is at most a few hundred thousand and the guard asks a few times a second).
     */
    public static double upperTail(long k, long n, double p) {
        if (k <= 0 || p >= 1) {
            return 1;
        }
        if (k > n || p <= 0) {
            return 0;
        }
        return k > n * p ? tailFrom(k, n, p, true) : Math.max(0, 1 - tailFrom(k - 1, n, p, false));
    }

    /** P(X &ge; k) summing upwards, or P(X &le; k) summing downwards, until the terms stop counting. */
    private static double tailFrom(long k, long n, double p, boolean up) {
        double logTerm = k * Math.log(p) + (n - k) * Math.log1p(-p);
        for (long i = 1; i <= k; i++) {
            logTerm += Math.log((double) (n - k + i) / i);
        }
        double term = Math.exp(logTerm);
        double sum = term;
        double odds = p / (1 - p);
        for (long i = k; (up ? i < n : i > 0) && term > sum * 1e-17; i += up ? 1 : -1) {
            term *= up ? (double) (n - i) / (i + 1) * odds : (double) i / (n - i + 1) / odds;
            sum += term;
        }
        return Math.min(1, sum);
    }

    /** How many of the sorted samples exceed {@code millis}. */
    static long slowerThan(double[] sorted, double millis) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return sorted.length - lo;
    }

    private static void requireRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + ": " + rate + " must be a fraction in [0, 1], e.g. 0.01 for 1 %");
        }
    }
}
