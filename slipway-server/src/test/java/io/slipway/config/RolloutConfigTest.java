package io.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.slipway.analysis.ErrorRateCheck;
import io.slipway.analysis.LatencyCheck;
import io.slipway.analysis.ThresholdCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rollout part of an app's config: strategy, canary steps, smoke tests, analysis, guard, metrics. */
class RolloutConfigTest {

    @Test
    void readsAFullRollout() {
        RolloutConfig r = rollout("""
                    strategy: canary
                    canary:
                      steps:
                        - shadow: 100
                        - analysis: shadow
                        - setWeight: 20
                        - pause: 30s
                        - analysis: default
                        - mirror: 10
                        - pause: {}
                        - setWeight: 100
                    smoke:
                      - path: /version
                        json: { pointer: /version, equals: "{version}" }
                      - { method: POST, path: /orders, body: "{}", status: 201, expectBody: created, timeout: 2s }
                    analysis:
                      default:
                        interval: 20s
                        count: 3
                        failureLimit: 1
                        minSamples: 500
                        checks:
                          - { metric: errorRate, max: 2% }
                          - { metric: cacheHitRate, min: 0.7 }
                          - { compare: latency, tolerance: 0.2, confidence: 0.95 }
                          - { compare: errorRate }
                      shadow:
                        checks:
                          - { metric: mirrorMismatchRate, max: 0.01, minSamples: 100 }
                    guard: { maxErrorRate: 0.02, maxP95: 800ms, window: 5s }
                    metrics:
                      prometheus: http://prom:9090
                      queries:
                        cacheHitRate: { ratio: cache_hits_total, over: cache_requests_total }
                        dbErrors: { app: 'db_errors_total{kind="timeout"}' }
                        poolInUse: { gauge: db_pool_in_use }
                        dbP95: { prometheus: 'histogram_quantile(0.95, rate(db_seconds_bucket{version="{{version}}"}[{{window}}]))' }
                        priceMismatch: { experiment: price-lookup }
                        priceSlowdown: { experiment: price-lookup, value: latencyIncreaseMs }
                """);
        assertThat(r.strategy()).isEqualTo("canary");
        assertThat(r.canary()).extracting(CanaryStep::label).containsExactly("shadow 100", "analysis shadow",
                "set-weight 20", "pause 30s", "analysis default", "mirror 10", "pause");
        assertThat(r.smoke()).hasSize(2);
        assertThat(r.smoke().get(0).jsonEquals()).isEqualTo("{version}");
        assertThat(r.smoke().get(1).expectStatus()).isEqualTo(201);
        RolloutConfig.Template t = r.templates().get("default");
        assertThat(t.interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(t.analysis().limits().count()).isEqualTo(3);
        assertThat(t.analysis().limits().failureLimit()).isEqualTo(1);
        assertThat(t.analysis().checks()).containsExactly(
                new ThresholdCheck("errorRate", Double.NEGATIVE_INFINITY, 0.02, ThresholdCheck.Unit.RATIO, 500),
                new ThresholdCheck("cacheHitRate", 0.7, Double.POSITIVE_INFINITY, ThresholdCheck.Unit.NUMBER, 500),
                new LatencyCheck(0.95, 0.2, 500), new ErrorRateCheck(0.99, ErrorRateCheck.DEFAULT_TOLERANCE, 500));
        assertThat(r.templates().get("shadow").analysis().checks()).singleElement()
                .extracting(c -> c.minSamples()).isEqualTo(100L);
        assertThat(r.guard().maxErrorRate()).isEqualTo(0.02);
        assertThat(r.guard().maxP95Millis()).isEqualTo(800);
        assertThat(r.guard().window()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.metrics().queries().get("cacheHitRate"))
                .isEqualTo(new RolloutConfig.MetricQuery("cacheHitRate", "app", "ratio", "cache_hits_total",
                        "cache_requests_total"));
        assertThat(r.metrics().queries().get("dbP95").source()).isEqualTo("prometheus");
        assertThat(r.metrics().queries().get("poolInUse").kind()).isEqualTo("gauge");
        assertThat(r.metrics().queries().get("priceMismatch")).isEqualTo(new RolloutConfig.MetricQuery("priceMismatch",
                "experiment", "mismatchRate", "price-lookup", null));
        assertThat(r.metrics().queries().get("priceSlowdown").kind()).isEqualTo("latencyIncreaseMs");
    }

    @Test
    void defaultsAreBlueGreenWithTheSeedGuardAndTemplate() {
        RolloutConfig r = rollout("");
        assertThat(r).isEqualTo(RolloutConfig.DEFAULTS);
        assertThat(rollout("    guard: off\n").guard()).isNull();
    }

    @Test
    void reportsEveryMistakeWithItsPath() {
        assertThat(problems("""
                    strategy: rolling
                    canary:
                      steps:
                        - setWeight: 100
                        - setWeight: 120
                        - analysis: nightly
                        - { pause: 1m, setWeight: 5 }
                        - pause: soon
                    analysis:
                      default:
                        interval: 10m
                        checks:
                          - { metric: cacheHitRate, min: 0.7 }
                          - { compare: throughput }
                          - { metric: p95, max: fast }
                    guard: { maxErrorRate: 3, window: 0s }
                    metrics:
                      queries:
                        dbP95: { prometheus: 'up' }
                        hits: { ratio: hits_total }
                        drift: { experiment: price-lookup, value: speed }
                    smoke:
                      - { status: 200 }
                """)).containsExactly(
                "apps.web.strategy: \"rolling\" is not blue-green or canary",
                "apps.web.metrics.queries.dbP95.prometheus: needs metrics.prometheus, the server's URL",
                "apps.web.metrics.queries.hits.over: is required with ratio: the denominator's series",
                "apps.web.metrics.queries.drift.value: \"speed\" is not one of mismatchRate, candidateErrorRate,"
                        + " candidateLatencyMs, latencyIncreaseMs",
                "apps.web.analysis.default.interval: \"10m\" must be at most 5m: the gateway keeps 5 minutes of each"
                        + " version's traffic",
                "apps.web.analysis.default.checks[0].metric: \"cacheHitRate\" is neither a built-in metric"
                        + " (errorRate, mirrorErrorRate, mirrorLatencyDiff, mirrorMismatchRate, p95, p99, successRate)"
                        + " nor a query under metrics.queries",
                "apps.web.analysis.default.checks[1].compare: \"throughput\" is not latency or errorRate",
                "apps.web.analysis.default.checks[2].max: \"fast\" is not a number (e.g. 0.01 or 1%)",
                "apps.web.canary.steps[0].setWeight: \"100\" 100 ends the canary, so it can only be the last step",
                "apps.web.canary.steps[1].setWeight: \"120\" 120 must be between 1 and 99: a canary weight below 100"
                        + " (setWeight: 100 ends the canary)",
                "apps.web.canary.steps[2].analysis: \"nightly\" is not an analysis template (templates: default)",
                "apps.web.canary.steps[3]: must have exactly one of setWeight, pause, analysis, mirror, shadow",
                "apps.web.canary.steps[4].pause: \"soon\" is not a duration (e.g. 5s, 250ms)",
                "apps.web.smoke[0].path: is required, e.g. /health",
                "apps.web.guard.window: \"0s\" must be more than 0",
                "apps.web.guard: maxErrorRate: 3.0 must be a fraction in [0, 1], e.g. 0.01 for 1 %");
    }

    private static RolloutConfig rollout(String appKeys) {
        return ConfigLoader.parse(app(appKeys), Path.of("/srv"), Map.of()).app("web").rollout();
    }

    private static List<String> problems(String appKeys) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(app(appKeys), Path.of("/srv"), Map.of()));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private static String app(String keys) {
        return "apps:\n  web:\n    command: java -jar app.jar\n    gateway: { listen: \":8080\" }\n" + keys;
    }
}
