package io.slipway.analysis;

/**
 * Candidate against stable latency: FAIL when a one-sided Mann-Whitney U test finds, with the given
 * confidence, that the candidate is slower than stable by more than {@code tolerance} (see
 * {@link MannWhitney#candidateSlower} for the exact hypothesis); PASS otherwise; INCONCLUSIVE without
 * a stable version or with fewer than {@code minSamples} latency samples on either side.
 *
 * <p>A rank test, not a comparison of means or percentiles: latencies are skewed with heavy tails and
 * outliers, which move a mean or a p99 at random but barely move ranks. Defaults: confidence 0.99 and
 * tolerance 0.10. With 2000 samples a side a 2x slowdown gives p below 1e-130 in every simulated run,
 * and the 10 % tolerance absorbs the few percent by which two instances of the same version differ,
 * so no A/A run of 10 000 simulated failed this check (docs/analysis.md has the measured rates).
 *
 * @param confidence 1 - the significance level; FAIL needs p &lt; 1 - confidence
 * @param tolerance  slowdown tolerated, as a fraction (0.10 = 10 %)
 * @param minSamples latency samples needed on each side
 */
public record LatencyCheck(double confidence, double tolerance, long minSamples) implements Check {
    public static final double DEFAULT_TOLERANCE = 0.10;
    public static final LatencyCheck DEFAULT = new LatencyCheck(DEFAULT_CONFIDENCE, DEFAULT_TOLERANCE, DEFAULT_MIN_SAMPLES);

    /**
     * @throws IllegalArgumentException when confidence is not in (0, 1), tolerance &lt; 0 or minSamples &lt; 1
     */
    public LatencyCheck {
        Comparison.validate("latency", confidence, tolerance, Double.POSITIVE_INFINITY, "0.1 (10 %)", minSamples);
    }

    @Override
    public String name() {
        return "latency vs stable";
    }

    @Override
    public CheckResult evaluate(Measurement candidate, Measurement stable) {
        Comparison comparison = new Comparison(name(), "latency", candidate, confidence, "samples");
        if (stable == null) {
            return comparison.noStable();
        }
        double[] c = candidate.samples();
        double[] s = stable.samples();
        if (Math.min(c.length, s.length) < minSamples) {
            return comparison.tooFew(c.length, s.length, minSamples);
        }
        MannWhitney.Result test = MannWhitney.candidateSlower(c, s, tolerance);
        double cMedian = candidate.percentile(50).orElseThrow();
        double sMedian = stable.percentile(50).orElseThrow();
        boolean fail = test.pValue() < 1 - confidence;
        String claim = (fail ? "candidate more than " : "no evidence the candidate is more than ")
                + Format.percent(tolerance) + " slower than stable";
        String detail = "median " + Format.millis(cMedian) + " vs " + Format.millis(sMedian);
        return comparison.judged(fail, cMedian, sMedian, test.pValue(), "> +" + Format.percent(tolerance),
                c.length, s.length, claim, detail);
    }
}
