package io.slipway.analysis;

import io.slipway.analysis.PrometheusText.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Which series of a scrape a query reads, written as a PromQL series selector:
 * {@code cache_hits_total} or {@code http_requests_total{status=~"5..",method="GET"}}.
 *
 * <p>Matchers compare a label's value with {@code =}, {@code !=}, {@code =~} or {@code !~}; as in
 * Prometheus, regular expressions match the whole value (they are anchored at both ends, {@code .}
 * matches a newline too) and a missing label reads as the empty string, so {@code status!="500"}
 * matches series without a status. {@code __name__} matches the metric name. Without a metric name a
 * selector needs a matcher that does not match the empty string, which keeps it from selecting
 * everything. Differences from PromQL: values are double-quoted only, with the escapes {@code \\},
 * {@code \"} and {@code \n}, and regexes are Java's, not RE2 (the same for everyday patterns).
 */
public final class SeriesSelector {
    private final String metric;
    private final List<Matcher> matchers;

    private SeriesSelector(String metric, List<Matcher> matchers) {
        this.metric = metric;
        this.matchers = List.copyOf(matchers);
    }

    /** One label comparison. */
    private record Matcher(String label, String op, String value, Pattern regex) {
        boolean matches(String actual) {
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> regex.matcher(actual).matches();
                default -> !regex.matcher(actual).matches();
            };
        }

        @Override
        public String toString() {
            return label + op + quote(value);
        }
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException naming the text and the column of the first error
     */
    public static SeriesSelector parse(String text) {
        MetricSyntax in = new MetricSyntax(text, (column, reason) ->
                new IllegalArgumentException("series selector " + text + ", column " + column + ": " + reason));
        in.skipBlanks();
        String metric = in.nextIsNameStart() ? in.metricName() : null;
        in.skipBlanks();
        List<Matcher> matchers = in.next('{') ? matchers(in) : List.of();
        in.skipBlanks();
        if (!in.atEnd()) {
            throw in.fail("unexpected " + in.found() + " (a selector is name{label=\"value\",...})");
        }
        if (metric == null && matchers.stream().allMatch(m -> m.matches(""))) {
            throw in.failAt(0, "needs a metric name or a matcher that does not match the empty string");
        }
        return new SeriesSelector(metric, matchers);
    }

    /** Whether a sample belongs to a selected series. */
    public boolean matches(Sample sample) {
        if (metric != null && !metric.equals(sample.name())) {
            return false;
        }
        for (Matcher m : matchers) {
            String actual = m.label().equals("__name__") ? sample.name() : sample.labels().getOrDefault(m.label(), "");
            if (!m.matches(actual)) {
                return false;
            }
        }
        return true;
    }

    /** The metric name, empty when the selector has none. */
    public String metric() {
        return metric == null ? "" : metric;
    }

    /** The selector in canonical form, e.g. {@code http_requests_total{status=~"5..",method="GET"}}. */
    @Override
    public String toString() {
        String labels = matchers.stream().map(Matcher::toString).collect(Collectors.joining(","));
        return metric() + (matchers.isEmpty() ? "" : "{" + labels + "}");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesSelector s && toString().equals(s.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private static List<Matcher> matchers(MetricSyntax in) {
        List<Matcher> matchers = new ArrayList<>();
        in.expect('{', "to open the matchers");
        in.skipBlanks();
        while (!in.skip('}')) {
            matchers.add(matcher(in));
            in.skipBlanks();
            if (!in.skip(',') && !in.next('}')) {
                throw in.fail("expected ',' or '}' after a matcher, found " + in.found());
            }
            in.skipBlanks();
        }
        return matchers;
    }

    private static Matcher matcher(MetricSyntax in) {
        String label = in.labelName();
        in.skipBlanks();
        String op = operator(in, label);
        in.skipBlanks();
        int at = in.position();
        String value = in.quoted(label);
        return new Matcher(label, op, value, op.endsWith("~") ? regex(in, at, label, value) : null);
    }

    private static String operator(MetricSyntax in, String label) {
        if (in.skip('=')) {
            return in.skip('~') ? "=~" : "=";
        }
        if (in.skip('!')) {
            if (in.skip('=')) {
                return "!=";
            }
            if (in.skip('~')) {
                return "!~";
            }
        }
        throw in.fail("expected =, !=, =~ or !~ after label " + label + ", found " + in.found());
    }

    private static Pattern regex(MetricSyntax in, int at, String label, String value) {
        try {
            return Pattern.compile(value, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw in.failAt(at, "label " + label + ": \"" + value + "\" is not a regular expression ("
                    + e.getDescription() + ")");
        }
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
