package io.slipway.config;

import io.slipway.analysis.AnalysisLimits;
import io.slipway.analysis.AnalysisTemplate;
import io.slipway.analysis.Check;
import io.slipway.analysis.ErrorRateCheck;
import io.slipway.analysis.Guard;
import io.slipway.analysis.LatencyCheck;
import io.slipway.analysis.Measurement;
import io.slipway.analysis.ThresholdCheck;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Reads an app's {@code strategy}, {@code canary}, {@code smoke}, {@code analysis}, {@code guard} and {@code metrics}. */
final class RolloutReader {
    static final List<String> KEYS = List.of("strategy", "canary", "smoke", "analysis", "guard", "metrics");
    private static final List<String> TEMPLATE_KEYS = List.of("interval", "count", "failureLimit",
            "inconclusiveLimit", "consecutiveErrorLimit", "minSamples", "checks");
    private static final List<String> CHECK_KEYS = List.of("metric", "min", "max", "compare", "tolerance",
            "confidence", "minSamples");
    private static final List<String> GUARD_KEYS = List.of("enabled", "maxErrorRate", "maxP95", "minSuccessRate",
            "confidence", "window");
    private static final List<String> METRICS_KEYS = List.of("path", "prometheus", "queries");
    private static final List<String> QUERY_KEYS = List.of("app", "gauge", "ratio", "over", "prometheus", "experiment",
            "value");
    /** What a hybrid-mode experiment query can read (see io.slipway.server.Measurements). */
    static final List<String> EXPERIMENT_VALUES = List.of("mismatchRate", "candidateErrorRate", "candidateLatencyMs",
            "latencyIncreaseMs");
    private static final List<String> SMOKE_KEYS = List.of("name", "method", "path", "headers", "body", "status",
            "expectBody", "json", "timeout");
    private static final Set<String> BUILT_IN = Set.of(Measurement.ERROR_RATE, Measurement.SUCCESS_RATE,
            Measurement.P95, Measurement.P99, "mirrorMismatchRate", "mirrorErrorRate", "mirrorLatencyDiff");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    /** The gateway keeps this much of each version's traffic (VersionStats.WINDOW_SECONDS). */
    private static final Duration MAX_INTERVAL = Duration.ofMinutes(5);

    private RolloutReader() {
    }

    static RolloutConfig read(ConfigNode app) {
        RolloutConfig d = RolloutConfig.DEFAULTS;
        String strategy = app.child("strategy").as(d.strategy(), RolloutReader::strategy);
        RolloutConfig.Metrics metrics = metrics(app.child("metrics"));
        Map<String, RolloutConfig.Template> templates = templates(app.child("analysis"), metrics);
        List<CanaryStep> canary = canary(app.child("canary"), templates.keySet());
        return new RolloutConfig(strategy, canary, smoke(app.child("smoke")), templates, guard(app.child("guard")),
                metrics);
    }

    private static String strategy(String text) {
        if (!text.equals("blue-green") && !text.equals("canary")) {
            throw new IllegalArgumentException("is not blue-green or canary");
        }
        return text;
    }

    private static List<CanaryStep> canary(ConfigNode node, Set<String> templates) {
        node.entries(List.of("steps"));
        ConfigNode steps = node.child("steps");
        if (steps.isAbsent()) {
            return RolloutConfig.DEFAULT_CANARY;
        }
        if (!steps.isList()) {
            steps.report(null, "must be a list of steps, e.g. [{setWeight: 20}, {pause: 1m}, {analysis: default}]");
            return RolloutConfig.DEFAULT_CANARY;
        }
        List<CanaryStep> read = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            CanaryStep s = step(steps.element(i), templates, i == steps.size() - 1);
            if (s != null) {
                read.add(s);
            }
        }
        return read;
    }

    /** One {@code {kind: argument}} step; {@code setWeight: 100} only as the last one, where it is implied anyway. */
    private static CanaryStep step(ConfigNode node, Set<String> templates, boolean last) {
        Map<String, ConfigNode> entries = node.entries(List.of("setWeight", "pause", "analysis", "mirror", "shadow"));
        if (entries.size() != 1) {
            node.report(null, "must have exactly one of setWeight, pause, analysis, mirror, shadow");
            return null;
        }
        Map.Entry<String, ConfigNode> e = entries.entrySet().iterator().next();
        ConfigNode arg = e.getValue();
        return switch (e.getKey()) {
            case "setWeight" -> arg.as(null, t -> weight(t, last));
            case "pause" -> arg.isAbsent() || arg.isMapping() || arg.text().map(String::isBlank).orElse(true)
                    ? CanaryStep.pause(null) : arg.as(null, t -> CanaryStep.pause(Durations.parse(t)));
            case "analysis" -> arg.as(null, t -> {
                if (!templates.contains(t)) {
                    throw new IllegalArgumentException("is not an analysis template (templates: "
                            + String.join(", ", templates.stream().sorted().toList()) + ")");
                }
                return CanaryStep.analysis(t);
            });
            case "mirror" -> arg.as(null, t -> CanaryStep.mirror(percent(t)));
            default -> arg.as(null, t -> CanaryStep.shadow(percent(t)));
        };
    }

    /** A weight of 1-99; 100 (the end of the canary, implied) only on the last step, where it is dropped. */
    private static CanaryStep weight(String text, boolean last) {
        int w = percent(text);
        if (w == 100 && last) {
            return null;
        }
        if (w == 100) {
            throw new IllegalArgumentException("100 ends the canary, so it can only be the last step");
        }
        return CanaryStep.setWeight(w);
    }

    private static int percent(String text) {
        try {
            return Integer.parseInt(text.strip().replace("%", "").strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a percentage (a whole number 0-100)", e);
        }
    }

    private static Map<String, RolloutConfig.Template> templates(ConfigNode node, RolloutConfig.Metrics metrics) {
        Map<String, RolloutConfig.Template> templates = new LinkedHashMap<>(RolloutConfig.DEFAULTS.templates());
        node.entries(null).forEach((name, t) -> {
            if (!NAME.matcher(name).matches()) {
                t.report(null, "\"" + name + "\" is not a template name (letters, digits, _ . -; starting with a letter)");
                return;
            }
            templates.put(name, template(t, metrics));
        });
        return templates;
    }

    private static RolloutConfig.Template template(ConfigNode node, RolloutConfig.Metrics metrics) {
        node.entries(TEMPLATE_KEYS);
        AnalysisLimits d = AnalysisLimits.DEFAULTS;
        Duration interval = node.positiveDuration("interval", RolloutConfig.DEFAULT_INTERVAL);
        if (interval.compareTo(MAX_INTERVAL) > 0) {
            node.child("interval").report(Durations.format(interval), "must be at most 5m: the gateway keeps 5"
                    + " minutes of each version's traffic");
            interval = MAX_INTERVAL;
        }
        long minSamples = node.integer("minSamples", (int) Check.DEFAULT_MIN_SAMPLES, 1, 100_000_000);
        AnalysisLimits limits = new AnalysisLimits(node.integer("count", d.count(), 1, 1000),
                node.integer("failureLimit", d.failureLimit(), 0, 1000),
                node.integer("inconclusiveLimit", d.inconclusiveLimit(), 0, 1000),
                node.integer("consecutiveErrorLimit", d.consecutiveErrorLimit(), 0, 1000));
        ConfigNode checks = node.child("checks");
        List<Check> read = new ArrayList<>();
        if (checks.isAbsent()) {
            AnalysisTemplate.DEFAULTS.checks().forEach(c -> read.add(withMinSamples(c, minSamples)));
        } else if (!checks.isList() || checks.size() == 0) {
            checks.report(null, "must be a list of checks, e.g. [{metric: errorRate, max: 0.01}, {compare: latency}]");
        } else {
            for (int i = 0; i < checks.size(); i++) {
                Check c = check(checks.element(i), minSamples, metrics);
                if (c != null) {
                    read.add(c);
                }
            }
        }
        return new RolloutConfig.Template(new AnalysisTemplate(read, limits), interval);
    }

    private static Check withMinSamples(Check c, long minSamples) {
        if (c instanceof ThresholdCheck t) {
            return t.withMinSamples(minSamples);
        }
        if (c instanceof LatencyCheck l) {
            return new LatencyCheck(l.confidence(), l.tolerance(), minSamples);
        }
        ErrorRateCheck e = (ErrorRateCheck) c;
        return new ErrorRateCheck(e.confidence(), e.tolerance(), minSamples);
    }

    private static Check check(ConfigNode node, long templateMinSamples, RolloutConfig.Metrics metrics) {
        node.entries(CHECK_KEYS);
        long minSamples = node.integer("minSamples", (int) templateMinSamples, 1, 100_000_000);
        if (!node.child("compare").isAbsent()) {
            return comparison(node, minSamples);
        }
        String metric = node.child("metric").as(null, t -> metricName(t, metrics));
        if (metric == null) {
            if (node.child("metric").isAbsent()) {
                node.report(null, "needs metric (with min and/or max) or compare (latency or errorRate)");
            }
            return null;
        }
        if (node.child("min").isAbsent() && node.child("max").isAbsent()) {
            node.report(null, "needs min and/or max: the bounds " + metric + " must keep");
            return null;
        }
        double min = bound(node.child("min"), Double.NEGATIVE_INFINITY);
        double max = bound(node.child("max"), Double.POSITIVE_INFINITY);
        if (Double.isNaN(min) || Double.isNaN(max)) {
            return null;
        }
        return guarded(node, () -> new ThresholdCheck(metric, min, max, unit(metric), minSamples));
    }

    /** The bound in {@code node}, {@code open} when absent, NaN when it is no number (then already reported). */
    private static double bound(ConfigNode node, double open) {
        return node.isAbsent() ? open : node.as(Double.NaN, RolloutReader::number);
    }

    private static Check comparison(ConfigNode node, long minSamples) {
        String what = node.child("compare").as(null, t -> {
            if (!t.equals("latency") && !t.equals("errorRate")) {
                throw new IllegalArgumentException("is not latency or errorRate");
            }
            return t;
        });
        if (what == null) {
            return null;
        }
        boolean latency = what.equals("latency");
        double confidence = node.child("confidence").as(Check.DEFAULT_CONFIDENCE, RolloutReader::number);
        double tolerance = node.child("tolerance").as(latency ? LatencyCheck.DEFAULT_TOLERANCE
                : ErrorRateCheck.DEFAULT_TOLERANCE, RolloutReader::number);
        return guarded(node, () -> latency ? new LatencyCheck(confidence, tolerance, minSamples)
                : new ErrorRateCheck(confidence, tolerance, minSamples));
    }

    /** A check built from values that each parsed; what the analysis package rejects is reported on the node. */
    private static Check guarded(ConfigNode node, Supplier<Check> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            node.report(null, e.getMessage());
            return null;
        }
    }

    private static ThresholdCheck.Unit unit(String metric) {
        return switch (metric) {
            case Measurement.ERROR_RATE, Measurement.SUCCESS_RATE, "mirrorMismatchRate", "mirrorErrorRate" ->
                    ThresholdCheck.Unit.RATIO;
            case Measurement.P95, Measurement.P99, "mirrorLatencyDiff" -> ThresholdCheck.Unit.MILLIS;
            default -> ThresholdCheck.Unit.NUMBER;
        };
    }

    private static String metricName(String text, RolloutConfig.Metrics metrics) {
        if (!BUILT_IN.contains(text) && !metrics.queries().containsKey(text)) {
            throw new IllegalArgumentException("is neither a built-in metric (" + String.join(", ",
                    BUILT_IN.stream().sorted().toList()) + ") nor a query under metrics.queries");
        }
        return text;
    }

    private static double number(String text) {
        String t = text.strip();
        try {
            return t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
                    : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a number (e.g. 0.01 or 1%)", e);
        }
    }

    private static Guard guard(ConfigNode node) {
        Guard d = Guard.DEFAULTS;
        if (!node.isAbsent() && !node.isMapping()) {
            String text = node.text().orElse("");
            if (text.equals("off") || text.equals("false")) {
                return null;
            }
            node.report(text, "must be off or a mapping of " + String.join(", ", GUARD_KEYS));
            return d;
        }
        node.entries(GUARD_KEYS);
        if (node.child("enabled").as(true, RolloutReader::bool) == Boolean.FALSE) {
            return null;
        }
        Duration maxP95 = node.positiveDuration("maxP95", Duration.ofMillis((long) d.maxP95Millis()));
        double maxErrorRate = node.child("maxErrorRate").as(d.maxErrorRate(), RolloutReader::number);
        double minSuccessRate = node.child("minSuccessRate").as(d.minSuccessRate(), RolloutReader::number);
        double confidence = node.child("confidence").as(d.confidence(), RolloutReader::number);
        Duration window = node.positiveDuration("window", d.window());
        try {
            return new Guard(maxErrorRate, maxP95.toMillis(), minSuccessRate, confidence, window);
        } catch (IllegalArgumentException e) {
            node.report(null, e.getMessage());
            return d;
        }
    }

    private static Boolean bool(String text) {
        return switch (text) {
            case "true", "on" -> true;
            case "false", "off" -> false;
            default -> throw new IllegalArgumentException("is not true or false");
        };
    }

    private static RolloutConfig.Metrics metrics(ConfigNode node) {
        RolloutConfig.Metrics d = RolloutConfig.Metrics.NONE;
        node.entries(METRICS_KEYS);
        String path = node.child("path").as(d.path(), RolloutReader::httpPath);
        URI prometheus = node.child("prometheus").as(null, RolloutReader::httpUrl);
        Map<String, RolloutConfig.MetricQuery> queries = new LinkedHashMap<>();
        node.child("queries").entries(null).forEach((name, q) -> {
            if (!NAME.matcher(name).matches() || BUILT_IN.contains(name)) {
                q.report(null, "\"" + name + "\" is not a query name (letters, digits, _ . -, not a built-in metric)");
                return;
            }
            RolloutConfig.MetricQuery query = query(name, q, prometheus != null);
            if (query != null) {
                queries.put(name, query);
            }
        });
        return new RolloutConfig.Metrics(path, prometheus, queries);
    }

    /**
     * {@code {app: SELECTOR}} (increase), {@code {app: SELECTOR, gauge}}, {@code {ratio: A, over: B}},
     * {@code {prometheus: PROMQL}} or {@code {experiment: NAME, value: mismatchRate}} (a hybrid-mode experiment
     * the SDKs report).
     */
    private static RolloutConfig.MetricQuery query(String name, ConfigNode q, boolean hasPrometheus) {
        q.entries(QUERY_KEYS);
        if (!q.child("experiment").isAbsent()) {
            String experiment = q.child("experiment").as(null, ConfigNode::nonBlank);
            String value = q.child("value").as("mismatchRate", v -> {
                if (!EXPERIMENT_VALUES.contains(v)) {
                    throw new IllegalArgumentException("is not one of " + String.join(", ", EXPERIMENT_VALUES));
                }
                return v;
            });
            return experiment == null ? null : new RolloutConfig.MetricQuery(name, "experiment", value, experiment, null);
        }
        if (!q.child("prometheus").isAbsent()) {
            if (!hasPrometheus) {
                q.child("prometheus").report(null, "needs metrics.prometheus, the server's URL");
            }
            String promql = q.child("prometheus").as(null, ConfigNode::nonBlank);
            return promql == null ? null : new RolloutConfig.MetricQuery(name, "prometheus", "query", promql, null);
        }
        if (!q.child("ratio").isAbsent()) {
            String over = q.child("over").as(null, ConfigNode::nonBlank);
            if (over == null && q.child("over").isAbsent()) {
                q.child("over").report(null, "is required with ratio: the denominator's series");
            }
            String series = q.child("ratio").as(null, ConfigNode::nonBlank);
            return series == null || over == null ? null
                    : new RolloutConfig.MetricQuery(name, "app", "ratio", series, over);
        }
        if (!q.child("gauge").isAbsent()) {
            String gauge = q.child("gauge").as(null, ConfigNode::nonBlank);
            return gauge == null ? null : new RolloutConfig.MetricQuery(name, "app", "gauge", gauge, null);
        }
        String series = q.child("app").as(null, ConfigNode::nonBlank);
        if (series == null && q.child("app").isAbsent()) {
            q.report(null, "needs app (a counter's increase), gauge, ratio + over, or prometheus (a PromQL query)");
        }
        return series == null ? null : new RolloutConfig.MetricQuery(name, "app", "increase", series, null);
    }

    private static String httpPath(String text) {
        if (!text.startsWith("/") || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("must be an HTTP path starting with / (e.g. /metrics)");
        }
        return text;
    }

    private static URI httpUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a URL", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("is not an http(s) URL, e.g. http://prometheus:9090");
        }
        return uri;
    }

    private static List<SmokeTest> smoke(ConfigNode node) {
        if (node.isAbsent()) {
            return List.of();
        }
        if (!node.isList()) {
            node.report(null, "must be a list of checks, e.g. [{path: /health, status: 200}]");
            return List.of();
        }
        List<SmokeTest> tests = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            SmokeTest t = smokeTest(node.element(i), i);
            if (t != null) {
                tests.add(t);
            }
        }
        return tests;
    }

    private static SmokeTest smokeTest(ConfigNode node, int index) {
        node.entries(SMOKE_KEYS);
        ConfigNode json = node.child("json");
        json.entries(List.of("pointer", "equals"));
        if (node.child("path").isAbsent()) {
            node.child("path").report(null, "is required, e.g. /health");
        }
        String path = node.child("path").as(null, RolloutReader::httpPath);
        Map<String, String> headers = new LinkedHashMap<>();
        node.child("headers").entries(null).forEach((k, v) -> headers.put(k, v.as("", s -> s)));
        String method = node.string("method", "GET");
        String name = node.string("name", method + " " + path);
        int status = node.integer("status", 200, 100, 599);
        Duration timeout = node.positiveDuration("timeout", Duration.ofSeconds(5));
        String pointer = json.child("pointer").as(null, ConfigNode::nonBlank);
        String equals = json.string("equals", null);
        if (path == null) {
            return null;
        }
        try {
            return new SmokeTest(name, method, path, headers, node.string("body", null), status,
                    node.string("expectBody", null), pointer, equals, timeout);
        } catch (IllegalArgumentException e) {
            node.report(null, "smoke test " + (index + 1) + ": " + e.getMessage());
            return null;
        }
    }
}
