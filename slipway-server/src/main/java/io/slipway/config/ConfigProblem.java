package io.slipway.config;

/**
 * One thing wrong with a config file.
 *
 * @param path    dotted path to the offending key, e.g. {@code apps.web.health.interval}; empty
 *                for the file as a whole (unreadable, not YAML)
 * @param value   the offending value as read (after {@code ${VAR}} interpolation), or null when
 *                the key is missing or the problem is not about one value
 * @param message what is wrong and, where it helps, what would be right
 */
public record ConfigProblem(String path, String value, String message) {
    /** Reads like {@code apps.web.health.interval: "5x" is not a duration (e.g. 5s, 250ms)}. */
    @Override
    public String toString() {
        String where = path.isEmpty() ? "" : path + ": ";
        String what = value == null ? "" : quoted(value) + " ";
        return where + what + message;
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
