package io.slipway.sample;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How one sample app instance behaves. Each knob is read from its argument, else from its env
 * var with the version as suffix ({@code SAMPLE_ERROR_RATE_V2} for version v2), else from the
 * plain env var ({@code SAMPLE_ERROR_RATE}), so one environment can give each version its own
 * behaviour.
 *
 * @param port       0 = any free port
 * @param errorRate  fraction of {@code /} requests answered 500, 0 to 1
 * @param latency    added to every {@code /} answer
 * @param startDelay ready only this long after start
 * @param neverReady the readiness probe always fails
 * @param crashAfter the process exits with 1 this long after start; null = never
 * @param failAfter  every {@code /} request is answered 500 from this long after start on (a fault
 *                   that begins while the version serves traffic); null = never
 * @param dataDrift  fraction of {@code /data} answers that differ from every other version's (a new
 *                   code path returning stale data: what shadow traffic must catch), 0 to 1
 * @param visits     the database mode ({@code GET /visits}), or null without {@code --db}/{@code SAMPLE_DB}
 */
public record Settings(int port, String version, double errorRate, Duration latency, Duration startDelay,
                       boolean neverReady, Duration crashAfter, Duration failAfter, double dataDrift, Visits visits) {
    static final List<String> OPTIONS = List.of("--port", "--version", "--error-rate", "--latency-ms",
            "--start-delay-ms", "--never-ready", "--crash-after-s", "--fail-after-s", "--data-drift", "--db",
            "--db-table", "--db-columns");

    /** Settings without the database mode. */
    public Settings(int port, String version, double errorRate, Duration latency, Duration startDelay,
                    boolean neverReady, Duration crashAfter, Duration failAfter, double dataDrift) {
        this(port, version, errorRate, latency, startDelay, neverReady, crashAfter, failAfter, dataDrift, null);
    }

    /** Settings without a later fault or data drift. */
    public Settings(int port, String version, double errorRate, Duration latency, Duration startDelay,
                    boolean neverReady, Duration crashAfter) {
        this(port, version, errorRate, latency, startDelay, neverReady, crashAfter, null, 0);
    }

    public Settings {
        require(port >= 0 && port <= 65_535, "port", port);
        require(errorRate >= 0 && errorRate <= 1, "errorRate", errorRate);
        require(!latency.isNegative(), "latency", latency);
        require(!startDelay.isNegative(), "startDelay", startDelay);
        require(crashAfter == null || !crashAfter.isNegative(), "crashAfter", crashAfter);
        require(failAfter == null || !failAfter.isNegative(), "failAfter", failAfter);
        require(dataDrift >= 0 && dataDrift <= 1, "dataDrift", dataDrift);
    }

    /**
     * Reads {@code --name value} / {@code --name=value} arguments over the environment.
     *
     * @throws InvalidSetting naming the argument or env var and its value
     */
    public static Settings parse(String[] args, Map<String, String> env) {
        Map<String, String> options = options(args);
        String version = Optional.ofNullable(options.get("--version"))
                .or(() -> Optional.ofNullable(env.get("SLIPWAY_VERSION"))).orElse("dev");
        Knobs knobs = new Knobs(options, env, version);
        return new Settings(
                knobs.read("--port", "PORT", false).map(Knobs::port).orElse(8080),
                version,
                knobs.read("--error-rate", "SAMPLE_ERROR_RATE", true).map(Knobs::fraction).orElse(0.0),
                knobs.read("--latency-ms", "SAMPLE_LATENCY_MS", true).map(Knobs::millis).orElse(Duration.ZERO),
                knobs.read("--start-delay-ms", "SAMPLE_START_DELAY_MS", true).map(Knobs::millis).orElse(Duration.ZERO),
                knobs.read("--never-ready", "SAMPLE_NEVER_READY", true).map(Knobs::bool).orElse(false),
                knobs.read("--crash-after-s", "SAMPLE_CRASH_AFTER_S", true).map(Knobs::seconds).orElse(null),
                knobs.read("--fail-after-s", "SAMPLE_FAIL_AFTER_S", true).map(Knobs::seconds).orElse(null),
                knobs.read("--data-drift", "SAMPLE_DATA_DRIFT", true).map(Knobs::fraction).orElse(0.0),
                visits(knobs));
    }

    private static Visits visits(Knobs knobs) {
        return knobs.read("--db", "SAMPLE_DB", false).map(file -> new Visits(java.nio.file.Path.of(file.value()),
                knobs.read("--db-table", "SAMPLE_DB_TABLE", false).map(Visits::name).orElse("visits"),
                knobs.read("--db-columns", "SAMPLE_DB_COLUMNS", true).map(Visits::names).orElse(List.of("version"))))
                .orElse(null);
    }

    /** The suffix of a version's own env vars: upper case, anything but letters and digits as {@code _}. */
    static String suffix(String version) {
        return version.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String[] nameValue = args[i].split("=", 2);
            if (!OPTIONS.contains(nameValue[0])) {
                throw new InvalidSetting(args[i], null, "one of " + String.join(", ", OPTIONS));
            }
            boolean hasNext = i + 1 < args.length && !args[i + 1].startsWith("--");
            if (nameValue.length == 2) {
                options.put(nameValue[0], nameValue[1]);
            } else if (hasNext) {
                options.put(nameValue[0], args[++i]);
            } else if (nameValue[0].equals("--never-ready")) {
                options.put(nameValue[0], "true");
            } else {
                throw new InvalidSetting(nameValue[0], null, "a value after it");
            }
        }
        return options;
    }

    private static void require(boolean valid, String name, Object value) {
        if (!valid) {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
    }

    /** A knob with a value it cannot take. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidSetting(String name, String value, String expected) {
            super("invalid " + name + (value == null ? "" : "=\"" + value + "\"") + ": expected " + expected);
        }
    }
}
