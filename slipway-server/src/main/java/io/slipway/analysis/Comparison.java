package io.slipway.analysis;

/** The evidence-writing shared by the candidate-vs-stable checks, for one evaluation. */
record Comparison(String check, String metric, Measurement candidate, double confidence, String samplesWord) {

    static void validate(String what, double confidence, double tolerance, double toleranceBelow, String example,
                         long minSamples) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException(what + " confidence " + confidence + " is not in (0, 1), e.g. 0.99");
        }
        if (!(tolerance >= 0 && tolerance < toleranceBelow)) {
            throw new IllegalArgumentException(what + " tolerance " + tolerance + " is not a fraction >= 0"
                    + (toleranceBelow < Double.POSITIVE_INFINITY ? " and < " + toleranceBelow : "") + ", e.g. " + example);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException(what + " minSamples " + minSamples + " must be at least 1");
        }
    }

    CheckResult noStable() {
        return inconclusive(0, 0, metric + ": no stable version to compare with");
    }

    CheckResult tooFew(long candidateN, long stableN, long minSamples) {
        return inconclusive(candidateN, stableN, metric + ": " + candidateN + " candidate and " + stableN + " stable "
                + samplesWord + over() + ", fewer than the " + minSamples + " needed on each side");
    }

    CheckResult judged(boolean fail, double candidateValue, double stableValue, double p, String tolerance,
                       long candidateN, long stableN, String claim, String detail) {
        String significance = Format.pValue(1 - confidence);
        String explanation = metric + ": " + claim + " (p = " + Format.pValue(p) + (fail ? " < " : " >= ")
                + significance + ", " + detail + ")" + over() + ", " + candidateN + " vs " + stableN + " " + samplesWord;
        return new CheckResult(check, fail ? Verdict.FAIL : Verdict.PASS, new CheckResult.Evidence(metric,
                candidate.window(), candidateValue, stableValue, "p < " + significance + " for " + tolerance,
                candidateN, stableN, p, explanation));
    }

    private CheckResult inconclusive(long candidateN, long stableN, String explanation) {
        return new CheckResult(check, Verdict.INCONCLUSIVE, new CheckResult.Evidence(metric, candidate.window(),
                null, null, null, candidateN, stableN, null, explanation));
    }

    private String over() {
        return " over " + Format.window(candidate.window());
    }
}
