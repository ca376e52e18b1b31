package io.slipway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A place in the YAML tree that reads typed values and, instead of stopping at the first bad
 * one, records a {@link ConfigProblem} with its dotted path and hands back the default so that
 * reading goes on and every problem of the file is reported at once.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final Map<String, String> env;
    private final List<ConfigProblem> problems;

    private ConfigNode(JsonNode node, String path, Map<String, String> env, List<ConfigProblem> problems) {
        this.node = node;
        this.path = path;
        this.env = env;
        this.problems = problems;
    }

    static ConfigNode root(JsonNode node, Map<String, String> env, List<ConfigProblem> problems) {
        return new ConfigNode(node, "", env, problems);
    }

    String path() {
        return path;
    }

    ConfigNode child(String key) {
        JsonNode value = node == null ? null : node.get(key);
        return new ConfigNode(value, path.isEmpty() ? key : path + "." + key, env, problems);
    }

    ConfigNode element(int index) {
        return new ConfigNode(node.get(index), path + "[" + index + "]", env, problems);
    }

    boolean isAbsent() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    boolean isMapping() {
        return node != null && node.isObject();
    }

    boolean isList() {
        return node != null && node.isArray();
    }

    int size() {
        return node == null ? 0 : node.size();
    }

    void report(String value, String message) {
        problems.add(new ConfigProblem(path, value, message));
    }

    /**
     * The entries of this mapping (none if absent), after reporting it if it is not a mapping and
     * each key not in {@code allowed} (null allows any key).
     */
    Map<String, ConfigNode> entries(List<String> allowed) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        if (isAbsent()) {
            return entries;
        }
        if (!node.isObject()) {
            report(null, "expected a mapping" + (allowed == null ? "" : " of " + String.join(", ", allowed)));
            return entries;
        }
        node.fieldNames().forEachRemaining(key -> entries.put(key, child(key)));
        if (allowed != null) {
            entries.keySet().stream().filter(k -> !allowed.contains(k))
                    .forEach(k -> child(k).report(null, UnknownKey.message(k, allowed)));
        }
        return entries;
    }

    /** This node as an interpolated string; empty if absent or unusable (and then reported). */
    Optional<String> text() {
        if (isAbsent()) {
            return Optional.empty();
        }
        if (node.isContainerNode()) {
            report(null, "expected a single value, not a " + (node.isArray() ? "list" : "mapping"));
            return Optional.empty();
        }
        try {
            return Optional.of(Interpolation.apply(node.asText(), env));
        } catch (IllegalArgumentException e) {
            report(node.asText(), e.getMessage());
            return Optional.empty();
        }
    }

    /** This node read by {@code parser}, or {@code fallback} if absent or invalid (then reported). */
    <T> T as(T fallback, Function<String, T> parser) {
        Optional<String> text = text();
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return parser.apply(text.get());
        } catch (IllegalArgumentException e) {
            String raw = node.asText();
            report(text.get(), e.getMessage() + (raw.equals(text.get()) ? "" : " (from " + raw + ")"));
            return fallback;
        }
    }

    String string(String key, String fallback) {
        return child(key).as(fallback, Function.identity());
    }

    int integer(String key, int fallback, int min, int max) {
        return child(key).as(fallback, text -> integer(text, min, max));
    }

    Duration duration(String key, Duration fallback) {
        return child(key).as(fallback, Durations::parse);
    }

    Duration positiveDuration(String key, Duration fallback) {
        return child(key).as(fallback, ConfigNode::positiveDuration);
    }

    HostPort hostPort(String key, String defaultHost, HostPort fallback) {
        return child(key).as(fallback, text -> HostPort.parse(text, defaultHost));
    }

    /** @throws IllegalArgumentException if blank, for use inside {@link #as} */
    static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    }

    private static int integer(String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return value;
    }

    private static Duration positiveDuration(String text) {
        Duration value = Durations.parse(text);
        if (value.isZero()) {
            throw new IllegalArgumentException("must be more than 0");
        }
        return value;
    }
}
