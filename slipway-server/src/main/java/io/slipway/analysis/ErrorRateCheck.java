package io.slipway.analysis;

/**
 * Candidate against stable error rate: FAIL when a one-sided two-proportion z-test finds, with the
 * given confidence, that the candidate's error rate is above the stable's by more than
 * {@code tolerance} percentage points (see {@link TwoProportions}); PASS otherwise; INCONCLUSIVE
 * without a stable version or with fewer than {@code minSamples} requests on either side.
 *
 * <p>Defaults: confidence 0.99 and tolerance 0.002 (0.2 points). The tolerance is as wide as it can be
 * while this check alone still catches a candidate with 2 points more errors than a 0.5 % stable at
 * 2000 requests a side (99.7 % of 10 000 simulated runs; the 1 % error-rate threshold catches all of
 * them too), and it keeps an A/A pair's chance failures at 0.13 % (docs/analysis.md).
 *
 * @param confidence 1 - the significance level; FAIL needs p &lt; 1 - confidence
 * @param tolerance  extra error rate tolerated, as a fraction (0.002 = 0.2 percentage points)
 * @param minSamples requests needed on each side
 */
public record ErrorRateCheck(double confidence, double tolerance, long minSamples) implements Check {
    public static final double DEFAULT_TOLERANCE = 0.002;
    public static final ErrorRateCheck DEFAULT = new ErrorRateCheck(DEFAULT_CONFIDENCE, DEFAULT_TOLERANCE, DEFAULT_MIN_SAMPLES);

    /**
     * @throws IllegalArgumentException when confidence is not in (0, 1), tolerance not in [0, 1) or minSamples &lt; 1
     */
    public ErrorRateCheck {
        Comparison.validate("error rate", confidence, tolerance, 1, "0.002 (0.2 points)", minSamples);
    }

    @Override
    public String name() {
        return "errors vs stable";
    }

    @Override
    public CheckResult evaluate(Measurement candidate, Measurement stable) {
        Comparison comparison = new Comparison(name(), Measurement.ERROR_RATE, candidate, confidence, "requests");
        if (stable == null) {
            return comparison.noStable();
        }
        if (Math.min(candidate.requests(), stable.requests()) < minSamples) {
            return comparison.tooFew(candidate.requests(), stable.requests(), minSamples);
        }
        TwoProportions.Result test = TwoProportions.candidateHigher(candidate.errors(), candidate.requests(),
                stable.errors(), stable.requests(), tolerance);
        boolean fail = test.pValue() < 1 - confidence;
        String points = Format.number(tolerance * 100) + " points";
        String claim = (fail ? "candidate error rate more than " : "no evidence the candidate error rate is more than ")
                + points + " above stable";
        String detail = Format.percent(test.candidateRate()) + " vs " + Format.percent(test.stableRate());
        return comparison.judged(fail, test.candidateRate(), test.stableRate(), test.pValue(), "> +" + points,
                candidate.requests(), stable.requests(), claim, detail);
    }
}
