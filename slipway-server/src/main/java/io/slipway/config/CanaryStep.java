package io.slipway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a canary strategy as written under {@code canary.steps}. The deployment persists each
 * step as its {@link #label()} ("set-weight 20", "pause 30s", "analysis default") and reads it back
 * with {@link #parse}, so a deployment resumes after a restart with the steps it started with, even
 * when slipway.yaml changed meanwhile.
 *
 * @param kind     what the step does
 * @param percent  weight for SET_WEIGHT (1-99), share mirrored for MIRROR (0-100) and SHADOW (1-100)
 * @param duration how long a PAUSE lasts; null pauses until {@code slipway promote}
 * @param template the analysis template an ANALYSIS step runs
 */
public record CanaryStep(Kind kind, int percent, Duration duration, String template) {
    /** The step kinds, with their names in slipway.yaml and in labels. */
    public enum Kind {
        SET_WEIGHT("setWeight", "set-weight"), PAUSE("pause", "pause"), ANALYSIS("analysis", "analysis"),
        MIRROR("mirror", "mirror"), SHADOW("shadow", "shadow");

        private final String key;
        private final String label;

        Kind(String key, String label) {
            this.key = key;
            this.label = label;
        }

        /** The key in slipway.yaml, e.g. {@code setWeight}. */
        public String key() {
            return key;
        }
    }

    public CanaryStep {
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case SET_WEIGHT -> requirePercent(percent, 1, 99, "a canary weight below 100 (setWeight: 100 ends the canary)");
            case MIRROR -> requirePercent(percent, 0, 100, "a share of requests to copy");
            case SHADOW -> requirePercent(percent, 1, 100, "a share of requests to copy");
            case ANALYSIS -> Objects.requireNonNull(template, "template");
            case PAUSE -> {
                if (duration != null && (duration.isNegative() || duration.isZero())) {
                    throw new IllegalArgumentException("a pause must last more than 0 (or leave it out to wait for promote)");
                }
            }
        }
    }

    public static CanaryStep setWeight(int percent) {
        return new CanaryStep(Kind.SET_WEIGHT, percent, null, null);
    }

    public static CanaryStep pause(Duration duration) {
        return new CanaryStep(Kind.PAUSE, 0, duration, null);
    }

    public static CanaryStep analysis(String template) {
        return new CanaryStep(Kind.ANALYSIS, 0, null, template);
    }

    public static CanaryStep mirror(int percent) {
        return new CanaryStep(Kind.MIRROR, percent, null, null);
    }

    public static CanaryStep shadow(int percent) {
        return new CanaryStep(Kind.SHADOW, percent, null, null);
    }

    /** The persisted name, e.g. {@code set-weight 20}, {@code pause 30s}, {@code pause}, {@code analysis default}. */
    public String label() {
        return kind.label + switch (kind) {
            case SET_WEIGHT, MIRROR, SHADOW -> " " + percent;
            case PAUSE -> duration == null ? "" : " " + Durations.format(duration);
            case ANALYSIS -> " " + template;
        };
    }

    /**
     * The step a {@link #label()} names, or null when the label is no canary step (another strategy's
     * step such as {@code start}).
     *
     * @throws IllegalArgumentException when it looks like a canary step but its argument is invalid
     */
    public static CanaryStep parse(String label) {
        int space = label.indexOf(' ');
        String head = space < 0 ? label : label.substring(0, space);
        String arg = space < 0 ? null : label.substring(space + 1);
        for (Kind k : Kind.values()) {
            if (k.label.equals(head)) {
                return switch (k) {
                    case SET_WEIGHT -> setWeight(Integer.parseInt(required(label, arg)));
                    case MIRROR -> mirror(Integer.parseInt(required(label, arg)));
                    case SHADOW -> shadow(Integer.parseInt(required(label, arg)));
                    case PAUSE -> pause(arg == null ? null : Durations.parse(arg));
                    case ANALYSIS -> analysis(required(label, arg));
                };
            }
        }
        return null;
    }

    private static String required(String label, String arg) {
        if (arg == null) {
            throw new IllegalArgumentException("step \"" + label + "\" lacks its argument");
        }
        return arg;
    }

    private static void requirePercent(int percent, int min, int max, String what) {
        if (percent < min || percent > max) {
            throw new IllegalArgumentException(percent + " must be between " + min + " and " + max + ": " + what);
        }
    }
}
