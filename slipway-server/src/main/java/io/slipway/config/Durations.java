package io.slipway.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in config: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h30m}, {@code 7d},
 * and {@code 50us} for the few settings measured in microseconds.
 */
public final class Durations {
    private static final Pattern FORM =
            Pattern.compile("(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?(?:(\\d{1,9})us)?");
    private static final String EXAMPLES = "(e.g. 5s, 250ms)";

    private Durations() {
    }

    /** @throws IllegalArgumentException saying what a duration looks like */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (text.isBlank() || !m.matches()) {
            throw new IllegalArgumentException(text.strip().matches("\\d+")
                    ? "is not a duration: add a unit " + EXAMPLES
                    : "is not a duration " + EXAMPLES);
        }
        return Duration.ofDays(part(m, 1)).plusHours(part(m, 2)).plusMinutes(part(m, 3))
                .plusSeconds(part(m, 4)).plusMillis(part(m, 5))
                .plusNanos(part(m, 6) * 1000);
    }

    /** The inverse of {@link #parse}, for messages: {@code 1h30m}, {@code 1s500ms}, {@code 50us}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        unit(out, d.toDays(), "d");
        unit(out, d.toHoursPart(), "h");
        unit(out, d.toMinutesPart(), "m");
        unit(out, d.toSecondsPart(), "s");
        unit(out, d.toMillisPart(), "ms");
        unit(out, d.toNanosPart() % 1_000_000 / 1000, "us");
        return out.toString();
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    private static void unit(StringBuilder out, long amount, String unit) {
        if (amount > 0) {
            out.append(amount).append(unit);
        }
    }
}
