package io.slipway.analysis;

import io.slipway.analysis.ExperimentReport.Goal;
import io.slipway.analysis.ExperimentReport.MeanDifference;
import io.slipway.analysis.ExperimentReport.RateDifference;
import io.slipway.analysis.ExperimentReport.VersusControl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The variants against the control, metric by metric: each metric's tests form one Holm family (see
 * {@link ExperimentReport} for the rules and why).
 */
final class VariantComparisons {
    private VariantComparisons() {
    }

    static List<VersusControl> against(VariantSample control, List<VariantSample> treatments, double confidence,
                                       Goal customMetricGoal) {
        List<RateDifference> conversion = rates("conversion", VariantSample::conversions, VariantSample::exposures,
                Goal.INCREASE, control, treatments, confidence);
        List<RateDifference> errors = rates("error rate", VariantSample::errors, VariantSample::requests,
                Goal.DECREASE, control, treatments, confidence);
        List<MeanDifference> latency = means("latency (ms)", VariantSample::latencyMillis, Goal.DECREASE, control,
                treatments, confidence);
        List<MeanDifference> custom = means("custom metric", VariantSample::customMetric, customMetricGoal, control,
                treatments, confidence);
        List<VersusControl> result = new ArrayList<>();
        for (int i = 0; i < treatments.size(); i++) {
            result.add(new VersusControl(treatments.get(i).variant(), conversion.get(i).verdict(), conversion.get(i),
                    errors.get(i), latency.get(i), custom.get(i)));
        }
        return result;
    }

    private static List<RateDifference> rates(String metric, ToLongFunction<VariantSample> count,
                                              ToLongFunction<VariantSample> total, Goal goal, VariantSample control,
                                              List<VariantSample> treatments, double confidence) {
        long xc = count.applyAsLong(control);
        long nc = total.applyAsLong(control);
        List<RateDifference> raw = treatments.stream().map(s -> rateDifference(metric, count.applyAsLong(s),
                total.applyAsLong(s), xc, nc, confidence)).toList();
        double[] adjusted = Holm.adjust(raw.stream().mapToDouble(VariantComparisons::familyP).toArray());
        List<RateDifference> result = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            RateDifference r = raw.get(i);
            result.add(new RateDifference(metric, r.n(), r.controlN(), r.rate(), r.controlRate(), r.difference(),
                    r.interval(), r.relativeLift(), r.z(), r.pValue(), adjusted[i],
                    verdict(r.verdict(), adjusted[i], r.difference(), goal, confidence)));
        }
        return result;
    }

    /** Before correction: adjusted p-value 1, verdict only NOT_ENOUGH_DATA or a placeholder. */
    private static RateDifference rateDifference(String metric, long x, long n, long xc, long nc, double confidence) {
        double rate = WilsonScore.rate(x, n);
        double controlRate = WilsonScore.rate(xc, nc);
        // TwoProportions' pooled test is one-sided upward; both tails of the same z make it two-sided.
        double z = n > 0 && nc > 0 ? TwoProportions.candidateHigher(x, n, xc, nc, 0).z() : 0;
        double p = Math.min(1, 2 * Normal.survival(Math.abs(z)));
        return new RateDifference(metric, n, nc, rate, controlRate, rate - controlRate,
                WilsonScore.difference(x, n, xc, nc, confidence), lift(rate, controlRate), z, p, 1,
                enoughForRates(x, n, xc, nc) ? ExperimentVerdict.NO_SIGNIFICANT_DIFFERENCE
                        : ExperimentVerdict.NOT_ENOUGH_DATA);
    }

    static boolean enoughForRates(long x, long n, long xc, long nc) {
        if (n < ExperimentReport.MIN_TOTAL || nc < ExperimentReport.MIN_TOTAL) {
            return false;
        }
        double pooled = (double) (x + xc) / (n + nc);
        return Math.min(n, nc) * Math.min(pooled, 1 - pooled) >= ExperimentReport.MIN_EXPECTED_COUNT;
    }

    private static List<MeanDifference> means(String metric, Function<VariantSample, Moments> values, Goal goal,
                                              VariantSample control, List<VariantSample> treatments,
                                              double confidence) {
        Moments c = values.apply(control);
        List<MeanDifference> raw = treatments.stream()
                .map(s -> meanDifference(metric, values.apply(s), c, confidence)).toList();
        double[] adjusted = Holm.adjust(raw.stream().mapToDouble(VariantComparisons::familyP).toArray());
        List<MeanDifference> result = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            MeanDifference r = raw.get(i);
            result.add(new MeanDifference(metric, r.n(), r.controlN(), r.mean(), r.controlMean(), r.difference(),
                    r.interval(), r.relativeLift(), r.t(), r.degreesOfFreedom(), r.pValue(), adjusted[i],
                    verdict(r.verdict(), adjusted[i], r.difference(), goal, confidence)));
        }
        return result;
    }

    /** Before correction, as {@link #rateDifference}. */
    private static MeanDifference meanDifference(String metric, Moments m, Moments c, double confidence) {
        ExperimentVerdict enough = m.count() >= ExperimentReport.MIN_VALUES && c.count() >= ExperimentReport.MIN_VALUES
                ? ExperimentVerdict.NO_SIGNIFICANT_DIFFERENCE : ExperimentVerdict.NOT_ENOUGH_DATA;
        double lift = lift(m.mean(), c.mean());
        if (m.count() < 2 || c.count() < 2) {
            return new MeanDifference(metric, m.count(), c.count(), m.mean(), c.mean(), m.mean() - c.mean(),
                    ConfidenceInterval.unbounded(confidence), lift, 0, 0, 1, 1, enough);
        }
        WelchTest.Result w = WelchTest.test(m, c, confidence);
        return new MeanDifference(metric, m.count(), c.count(), m.mean(), c.mean(), w.difference(), w.interval(),
                lift, w.t(), w.degreesOfFreedom(), w.pValue(), 1, enough);
    }

    /** The p-value a comparison brings to its Holm family: 1 when it is not tested. */
    private static double familyP(RateDifference r) {
        return r.verdict() == ExperimentVerdict.NOT_ENOUGH_DATA ? 1 : r.pValue();
    }

    private static double familyP(MeanDifference m) {
        return m.verdict() == ExperimentVerdict.NOT_ENOUGH_DATA ? 1 : m.pValue();
    }

    private static ExperimentVerdict verdict(ExperimentVerdict tested, double adjustedP, double difference, Goal goal,
                                             double confidence) {
        if (tested == ExperimentVerdict.NOT_ENOUGH_DATA || !(adjustedP < 1 - confidence)) {
            return tested;
        }
        return (difference > 0) == (goal == Goal.INCREASE) ? ExperimentVerdict.BETTER : ExperimentVerdict.WORSE;
    }

    /** (value - base) / |base|; for base 0: 0 when value is 0 too, else &plusmn;&infin;, never NaN. */
    static double lift(double value, double base) {
        if (base == 0) {
            return value == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, value);
        }
        return (value - base) / Math.abs(base);
    }
}
