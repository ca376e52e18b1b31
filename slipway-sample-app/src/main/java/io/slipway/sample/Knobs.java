package io.slipway.sample;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Finds each knob's raw value (argument, then version's env var, then env var) and reads it. */
final class Knobs {
    private final Map<String, String> options;
    private final Map<String, String> env;
    private final String suffix;

    Knobs(Map<String, String> options, Map<String, String> env, String version) {
        this.options = options;
        this.env = env;
        this.suffix = Settings.suffix(version);
    }

    /** A value and where it came from, for a message that names the source. */
    record Raw(String source, String value) {
        Settings.InvalidSetting invalid(String expected) {
            return new Settings.InvalidSetting(source, value, expected);
        }
    }

    Optional<Raw> read(String option, String envVar, boolean perVersion) {
        if (options.containsKey(option)) {
            return Optional.of(new Raw(option, options.get(option)));
        }
        String versioned = envVar + "_" + suffix;
        if (perVersion && env.containsKey(versioned)) {
            return Optional.of(new Raw(versioned, env.get(versioned)));
        }
        return Optional.ofNullable(env.get(envVar)).map(value -> new Raw(envVar, value));
    }

    static int port(Raw raw) {
        return (int) number(raw, 0, 65_535, true, "a port from 0 to 65535");
    }

    static double fraction(Raw raw) {
        return number(raw, 0, 1, false, "a number from 0 to 1");
    }

    static Duration millis(Raw raw) {
        return Duration.ofMillis((long) number(raw, 0, Long.MAX_VALUE, true, "whole milliseconds, 0 or more"));
    }

    static Duration seconds(Raw raw) {
        return Duration.ofMillis(Math.round(number(raw, 0, 1e9, false, "seconds, 0 or more") * 1000));
    }

    static boolean bool(Raw raw) {
        if (!raw.value().equalsIgnoreCase("true") && !raw.value().equalsIgnoreCase("false")) {
            throw raw.invalid("true or false");
        }
        return Boolean.parseBoolean(raw.value());
    }

    private static double number(Raw raw, double min, double max, boolean whole, String expected) {
        double value;
        try {
            value = Double.parseDouble(raw.value().strip());
        } catch (NumberFormatException e) {
            throw (Settings.InvalidSetting) raw.invalid(expected).initCause(e);
        }
        if (Double.isNaN(value) || value < min || value > max || (whole && value != Math.rint(value))) {
            throw raw.invalid(expected);
        }
        return value;
    }
}
