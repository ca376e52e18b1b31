package io.slipway.analysis;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A parser of the Prometheus text exposition format, version 0.0.4 (what an app's {@code /metrics}
 * answers): {@code # HELP} and {@code # TYPE} lines, other comments, blank lines, and samples
 * {@code name{label="value",...} value [timestamp]}, lines ending in LF or CRLF.
 *
 * <p>Label values take the escapes {@code \\}, {@code \"} and {@code \n}; any other escape is an error.
 * Values are decimals with an optional exponent ({@code 12}, {@code -1.5e-3}, {@code .5}) or
 * {@code NaN}, {@code +Inf}, {@code -Inf} (any case, {@code Inf} and {@code Infinity} too, as Go's
 * ParseFloat reads them). Timestamps (integer milliseconds) are checked and dropped: a scraper stamps
 * a scrape with its own clock. Blanks and tabs may separate tokens, as in Prometheus' own parser.
 * HELP text is not kept; TYPE must name one of counter, gauge, histogram, summary, untyped.
 */
public final class PrometheusText {
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern TIMESTAMP = Pattern.compile("[+-]?\\d{1,19}");

    private PrometheusText() {
    }

    /**
     * One sample of one series.
     *
     * @param name   the metric name, e.g. {@code http_requests_total}
     * @param labels its labels, sorted by name; empty when it has none
     * @param value  the sample value, possibly NaN or infinite
     */
    public record Sample(String name, Map<String, String> labels, double value) {
        public Sample {
            Objects.requireNonNull(name, "name");
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        }
    }

    /**
     * The samples of an exposition, in the order they appear.
     *
     * @throws MetricException at the first malformed line, naming its number, column and text
     */
    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            Sample sample = line(line, i + 1);
            if (sample != null) {
                samples.add(sample);
            }
        }
        return List.copyOf(samples);
    }

    /**
     * A sample value as Go's ParseFloat reads it in decimal: what Prometheus writes in expositions and
     * in its API. Stricter than {@link Double#parseDouble}, which takes {@code 1d} or {@code 0x1p3}.
     *
     * @throws NumberFormatException when it is no such number
     */
    static double number(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> decimal(text);
        };
    }

    private static double decimal(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new NumberFormatException("\"" + text + "\" is not a number (e.g. 12, 1.5e-3, NaN, +Inf)");
        }
        return Double.parseDouble(text);
    }

    /** The sample on this line, null for a blank line or a comment. */
    private static Sample line(String line, int number) {
        MetricSyntax in = new MetricSyntax(line, (column, reason) ->
                new MetricException("line " + number + ", column " + column + ": " + reason + ": " + line));
        in.skipBlanks();
        if (in.atEnd()) {
            return null;
        }
        if (in.skip('#')) {
            comment(in);
            return null;
        }
        return sample(in);
    }

    private static void comment(MetricSyntax in) {
        in.skipBlanks();
        String keyword = in.token();
        if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
            return;
        }
        in.skipBlanks();
        String name = in.metricName();
        if (keyword.equals("TYPE")) {
            in.skipBlanks();
            int at = in.position();
            String type = in.token();
            if (!TYPES.contains(type)) {
                throw in.failAt(at, "TYPE of " + name + " is \"" + type
                        + "\", not counter, gauge, histogram, summary or untyped");
            }
            end(in, "the type");
        }
    }

    private static Sample sample(MetricSyntax in) {
        String name = in.metricName();
        in.skipBlanks();
        Map<String, String> labels = in.next('{') ? labels(in) : Map.of();
        in.skipBlanks();
        int at = in.position();
        String value = in.token();
        if (value.isEmpty()) {
            throw in.fail("expected the value of " + name + ", found " + in.found());
        }
        Sample sample = new Sample(name, labels, value(in, at, value));
        in.skipBlanks();
        if (!in.atEnd()) {
            timestamp(in);
        }
        return sample;
    }

    private static Map<String, String> labels(MetricSyntax in) {
        Map<String, String> labels = new TreeMap<>();
        in.expect('{', "to open the labels");
        in.skipBlanks();
        while (!in.skip('}')) {
            int at = in.position();
            String label = in.labelName();
            in.skipBlanks();
            in.expect('=', "after label " + label);
            in.skipBlanks();
            if (labels.put(label, in.quoted(label)) != null) {
                throw in.failAt(at, "label " + label + " appears twice");
            }
            in.skipBlanks();
            if (!in.skip(',') && !in.next('}')) {
                throw in.fail("expected ',' or '}' after the value of label " + label + ", found " + in.found());
            }
            in.skipBlanks();
        }
        return labels;
    }

    private static double value(MetricSyntax in, int at, String text) {
        try {
            return number(text);
        } catch (NumberFormatException e) {
            throw in.failAt(at, "value " + e.getMessage());
        }
    }

    private static void timestamp(MetricSyntax in) {
        int at = in.position();
        String text = in.token();
        if (!TIMESTAMP.matcher(text).matches() || new BigInteger(text).bitLength() > 63) {
            throw in.failAt(at, "timestamp \"" + text + "\" is not an integer of milliseconds since the epoch");
        }
        end(in, "the timestamp");
    }

    private static void end(MetricSyntax in, String after) {
        in.skipBlanks();
        if (!in.atEnd()) {
            throw in.fail("unexpected text after " + after);
        }
    }
}
