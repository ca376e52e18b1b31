package io.slipway.config;

import io.slipway.analysis.AnalysisTemplate;
import io.slipway.analysis.Guard;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How an app's new versions are rolled out and judged: the default strategy, the canary steps, the
 * smoke tests run before any traffic, the analysis templates, the continuous guard and where
 * metrics come from.
 *
 * @param strategy  {@code blue-green} or {@code canary}: what {@code slipway deploy} does without --strategy
 * @param canary    the canary steps; the switch to 100 % follows the last one
 * @param smoke     HTTP checks sent to the candidate through the gateway's preview route before it gets traffic
 * @param templates analysis templates by name; {@code default} always exists
 * @param guard     thresholds watched from the candidate's first request until the previous version is stopped; null = off
 * @param metrics   the app's own metrics endpoint, a Prometheus server, and named queries on them
 */
public record RolloutConfig(String strategy, List<CanaryStep> canary, List<SmokeTest> smoke,
                            Map<String, Template> templates, Guard guard, Metrics metrics) {
    public static final String DEFAULT_TEMPLATE = "default";
    /** The window of each analysis run when a template does not say. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** Canary steps of an app that asks for the canary strategy without listing any. */
    public static final List<CanaryStep> DEFAULT_CANARY = List.of(CanaryStep.setWeight(20),
            CanaryStep.analysis(DEFAULT_TEMPLATE), CanaryStep.setWeight(50), CanaryStep.analysis(DEFAULT_TEMPLATE));
    public static final RolloutConfig DEFAULTS = new RolloutConfig("blue-green", DEFAULT_CANARY, List.of(),
            Map.of(DEFAULT_TEMPLATE, new Template(AnalysisTemplate.DEFAULTS, DEFAULT_INTERVAL)), Guard.DEFAULTS,
            Metrics.NONE);

    public RolloutConfig {
        canary = List.copyOf(canary);
        smoke = List.copyOf(smoke);
        templates = Map.copyOf(templates);
    }

    /**
     * An analysis template as configured: what each run checks and the window it measures.
     *
     * @param analysis the checks and limits
     * @param interval the window of each run, and the time between runs
     */
    public record Template(AnalysisTemplate analysis, Duration interval) {
    }

    /**
     * Where metrics beyond the gateway's come from.
     *
     * @param path       the app's Prometheus text endpoint on each instance, e.g. {@code /metrics}
     * @param prometheus base URL of a Prometheus server, null when none
     * @param queries    named values the checks can use, by name
     */
    public record Metrics(String path, URI prometheus, Map<String, MetricQuery> queries) {
        public static final Metrics NONE = new Metrics("/metrics", null, Map.of());

        public Metrics {
            queries = Map.copyOf(queries);
        }
    }

    /**
     * A named value read from the app's {@code /metrics} or from Prometheus.
     *
     * @param name   the name checks refer to
     * @param source {@code app} or {@code prometheus}
     * @param kind   for {@code app}: {@code increase}, {@code gauge} or {@code ratio}; for {@code prometheus}: {@code query}
     * @param series for {@code app}: a series selector, e.g. {@code cache_hits_total{tier="l1"}}; for
     *               {@code prometheus}: the PromQL, which may use {{app}}, {{version}} and {{window}}
     * @param over   for {@code ratio}: the denominator's selector
     */
    public record MetricQuery(String name, String source, String kind, String series, String over) {
    }
}
