package io.slipway.flags;

import io.slipway.analysis.CheckResult;
import io.slipway.analysis.Format;
import io.slipway.analysis.Guard;
import io.slipway.analysis.Normal;
import io.slipway.analysis.TwoProportions;
import io.slipway.analysis.Verdict;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A guarded flag's rule: the flag is switched off when the traffic that gets it on does worse than
 * the traffic that gets it off, as the SDKs report it. Three checks, each a one-sided test that must be
 * significant at {@code confidence}, so a guard that looks every few seconds does not fire on noise:
 * <ul>
 *   <li>error rate on vs off, higher by more than {@code maxErrorRateIncrease} (two-proportion z-test
 *   with Farrington-Manning variance, as the canary analysis uses);</li>
 *   <li>mean latency on vs off, higher by more than {@code maxLatencyIncreaseMillis} (Welch's test; with
 *   at least {@code minRequests} per side the normal tail stands in for Student's t);</li>
 *   <li>error rate on above {@code maxErrorRate} outright (exact binomial), which still works at 100 %
 *   rollout when no traffic is left on the off side.</li>
 * </ul>
 * Below {@code minRequests} on a side, the comparisons wait.
 *
 * @param maxErrorRateIncrease     tolerated rise of the error rate, as a fraction (0.01 = 1 point)
 * @param maxLatencyIncreaseMillis tolerated rise of the mean latency, ms
 * @param maxErrorRate             highest tolerated error rate of the on side, whatever the off side does
 * @param confidence               how sure a check must be, e.g. 0.99
 * @param minRequests              observations a side needs before it is compared
 * @param window                   the recent traffic judged
 */
public record FlagGuard(double maxErrorRateIncrease, double maxLatencyIncreaseMillis, double maxErrorRate,
                        double confidence, long minRequests, Duration window) {
    public static final FlagGuard DEFAULTS = new FlagGuard(0.01, 100, 0.05, 0.99, 200, Duration.ofMinutes(5));

    /** @throws IllegalArgumentException naming the field whose value is out of range */
    public FlagGuard {
        if (!(maxErrorRateIncrease >= 0 && maxErrorRateIncrease < 1)) {
            throw new IllegalArgumentException("guard.maxErrorRateIncrease: " + maxErrorRateIncrease + " must be in [0, 1)");
        }
        if (!(maxLatencyIncreaseMillis >= 0)) {
            throw new IllegalArgumentException("guard.maxLatencyIncreaseMillis: " + maxLatencyIncreaseMillis + " must be 0 or more");
        }
        if (!(maxErrorRate > 0 && maxErrorRate < 1)) {
            throw new IllegalArgumentException("guard.maxErrorRate: " + maxErrorRate + " must be in (0, 1)");
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("guard.confidence: " + confidence + " must be in (0.5, 1), e.g. 0.99");
        }
        if (minRequests < 1) {
            throw new IllegalArgumentException("guard.minRequests: " + minRequests + " must be at least 1");
        }
        Objects.requireNonNull(window, "guard.window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("guard.window: " + window + " must be positive");
        }
    }

    /**
     * A guard from its JSON or YAML form, where every field is optional and defaults as in {@link #DEFAULTS};
     * {@code window} takes 5m or PT5M.
     */
    @JsonCreator
    public static FlagGuard of(@JsonProperty("maxErrorRateIncrease") Double maxErrorRateIncrease,
                               @JsonProperty("maxLatencyIncreaseMillis") Double maxLatencyIncreaseMillis,
                               @JsonProperty("maxErrorRate") Double maxErrorRate,
                               @JsonProperty("confidence") Double confidence,
                               @JsonProperty("minRequests") Long minRequests,
                               @JsonProperty("window") Duration window) {
        FlagGuard d = DEFAULTS;
        return new FlagGuard(maxErrorRateIncrease != null ? maxErrorRateIncrease : d.maxErrorRateIncrease,
                maxLatencyIncreaseMillis != null ? maxLatencyIncreaseMillis : d.maxLatencyIncreaseMillis,
                maxErrorRate != null ? maxErrorRate : d.maxErrorRate, confidence != null ? confidence : d.confidence,
                minRequests != null ? minRequests : d.minRequests, window != null ? window : d.window);
    }

    /** The verdict on one window: degraded when any check fails, with every check's evidence. */
    public GuardDecision judge(FlagTraffic on, FlagTraffic off) {
        List<CheckResult> checks = List.of(errorRateVsOff(on, off), latencyVsOff(on, off), errorRateOutright(on));
        return new GuardDecision(checks.stream().anyMatch(c -> c.verdict() == Verdict.FAIL), checks);
    }

    private CheckResult errorRateVsOff(FlagTraffic on, FlagTraffic off) {
        String name = "error rate on vs off";
        if (on.requests() < minRequests || off.requests() < minRequests) {
            return waiting(name, "errorRate", on, off);
        }
        TwoProportions.Result r = TwoProportions.candidateHigher(on.errors(), on.requests(), off.errors(),
                off.requests(), maxErrorRateIncrease);
        boolean worse = r.pValue() < 1 - confidence;
        return result(name, "errorRate", worse, on.errorRate(), off.errorRate(), "on > off + "
                + Format.percent(maxErrorRateIncrease), on, off, r.pValue(), name + ": " + Format.percent(on.errorRate())
                + " on vs " + Format.percent(off.errorRate()) + " off");
    }

    private CheckResult latencyVsOff(FlagTraffic on, FlagTraffic off) {
        String name = "latency on vs off";
        if (on.requests() < minRequests || off.requests() < minRequests) {
            return waiting(name, "latency", on, off);
        }
        double se = Math.sqrt(on.latencyVariance() / on.requests() + off.latencyVariance() / off.requests());
        double excess = on.meanLatency() - off.meanLatency() - maxLatencyIncreaseMillis;
        double p = se > 0 ? Normal.survival(excess / se) : excess > 0 ? 0 : 1;
        return result(name, "latency", p < 1 - confidence, on.meanLatency(), off.meanLatency(),
                "mean on > off + " + Format.millis(maxLatencyIncreaseMillis), on, off, p, name + ": mean "
                        + Format.millis(on.meanLatency()) + " on vs " + Format.millis(off.meanLatency()) + " off");
    }

    private CheckResult errorRateOutright(FlagTraffic on) {
        double p = Guard.upperTail(on.errors(), on.requests(), maxErrorRate);
        boolean breached = on.errors() > maxErrorRate * on.requests() && p < 1 - confidence;
        return result("error rate on", "errorRate", breached, on.errorRate(), null, "<= " + Format.percent(maxErrorRate),
                on, FlagTraffic.NONE, p, "error rate on: " + Format.percent(on.errorRate()) + ", " + on.errors()
                        + " of " + on.requests() + " requests");
    }

    private CheckResult waiting(String name, String metric, FlagTraffic on, FlagTraffic off) {
        return new CheckResult(name, Verdict.INCONCLUSIVE, new CheckResult.Evidence(metric, window, null, null,
                ">= " + minRequests + " requests per side", on.requests(), off.requests(), null, name + ": waiting for "
                + minRequests + " requests per side (on " + on.requests() + ", off " + off.requests() + ")"));
    }

    private CheckResult result(String name, String metric, boolean failed, double onValue, Double offValue,
                               String threshold, FlagTraffic on, FlagTraffic off, double p, String what) {
        String explanation = what + " over " + Format.window(window) + (failed ? "; worse" : "; not shown worse")
                + " (p = " + Format.pValue(p) + ", needs < " + Format.pValue(1 - confidence) + ")";
        return new CheckResult(name, failed ? Verdict.FAIL : Verdict.PASS, new CheckResult.Evidence(metric, window,
                onValue, offValue, threshold, on.requests(), off.requests(), p, explanation));
    }
}
