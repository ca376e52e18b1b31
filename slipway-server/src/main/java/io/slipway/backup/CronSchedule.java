package io.slipway.backup;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When backups run: a Unix cron expression of exactly 5 fields (minute hour day-of-month month
 * day-of-week, e.g. {@code "0 3 * * *"}) or one of the macros {@code @yearly @annually @monthly
 * @weekly @daily @midnight @hourly}. Seconds and year fields (Quartz, Spring) are refused rather than
 * guessed at: "0 0 * * * *" means 6am to some readers and every hour to others. {@code @reboot} is not
 * a schedule and is refused too. As in Unix cron, when day-of-month and day-of-week are both
 * restricted a day matching either one runs.
 *
 * <p>Times are wall-clock times in the zone given to {@link #next}, with Vixie cron's rules for
 * daylight saving: a time the clock skips in spring (02:30 in Berlin on the last Sunday of March)
 * runs at the moment of the jump (03:00 CEST) rather than not at all that day; a time the clock
 * passes twice in autumn runs once, at its first occurrence; a wildcard hour ({@code "0 * * * *"})
 * runs every real hour, both 02:00s included.
 */
public final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final String[] FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};
    private static final String FORM = "5 fields: minute hour day-of-month month day-of-week, e.g. \"0 3 * * *\","
            + " or a macro such as @daily";
    /** cron-utils 9.2's UNIX definition knows no macros, so they are spelled out the way Vixie cron defines them. */
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    /** Every valid day-of-month/month pair occurs within 8 years of any date (29 February included). */
    private static final ZonedDateTime NEVER_CHECK_FROM = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final String expression;
    private final ExecutionTime execution;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.execution = ExecutionTime.forCron(cron);
    }

    /**
     * Unix 5-field cron ("0 3 * * *") or a macro (@hourly, @daily).
     *
     * @throws IllegalArgumentException naming the expression, the field and what is wrong with it
     */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("cron expression is empty; use " + FORM);
        }
        String trimmed = expression.trim();
        String fields = trimmed.startsWith("@") ? macro(trimmed) : trimmed;
        CronSchedule schedule = new CronSchedule(trimmed, parseFields(trimmed, fields));
        if (schedule.execution.nextExecution(NEVER_CHECK_FROM).isEmpty()) {
            throw invalid(trimmed, "never runs (that day does not exist in that month)");
        }
        return schedule;
    }

    /**
     * The first run strictly after {@code after}, with wall-clock fields read in {@code zone};
     * empty only for a schedule that never runs again (which {@link #parse} refuses).
     */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        return execution.nextExecution(after.atZone(zone))
                .map(ZonedDateTime::toInstant)
                .map(regular -> skippedBySpringForward(after, regular, zone).orElse(regular));
    }

    /** The expression as given (trimmed), macros not expanded. */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    private static String macro(String expression) {
        String fields = MACROS.get(expression.toLowerCase(Locale.ROOT));
        if (fields == null) {
            throw invalid(expression, "unknown macro; the macros are @yearly, @annually, @monthly, @weekly,"
                    + " @daily, @midnight and @hourly (@reboot is not a schedule)");
        }
        return fields;
    }

    /** Parses field by field first, because cron-utils' own messages do not say which field is wrong. */
    private static Cron parseFields(String expression, String fields) {
        String[] parts = fields.split("\\s+");
        if (parts.length != FIELDS.length) {
            throw invalid(expression, parts.length + " fields; Slipway schedules are Unix cron with " + FORM
                    + " (no seconds or year field)");
        }
        for (int i = 0; i < parts.length; i++) {
            String[] probe = {"*", "*", "*", "*", "*"};
            probe[i] = parts[i];
            parseOrExplain(expression, String.join(" ", probe), FIELDS[i] + " \"" + parts[i] + "\": ");
        }
        return parseOrExplain(expression, String.join(" ", parts), "");
    }

    private static Cron parseOrExplain(String expression, String fields, String where) {
        try {
            Cron cron = UNIX.parse(fields);
            cron.validate();
            return cron;
        } catch (IllegalArgumentException e) {
            String reason = String.valueOf(e.getMessage()).replace("Failed to parse cron expression. ", "");
            throw invalid(expression, where + reason);
        }
    }

    private static IllegalArgumentException invalid(String expression, String problem) {
        return new IllegalArgumentException("cron \"" + expression + "\": " + problem);
    }

    /**
     * cron-utils skips a wall-clock time that falls in a spring-forward gap until the next day it
     * exists; Vixie cron runs it when the clock jumps, which is what a nightly backup wants.
     */
    private Optional<Instant> skippedBySpringForward(Instant after, Instant regular, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().nextTransition(after);
        while (transition != null && transition.getInstant().isBefore(regular)) {
            if (transition.isGap() && scheduledInside(transition)) {
                return Optional.of(transition.getInstant());
            }
            transition = zone.getRules().nextTransition(transition.getInstant());
        }
        return Optional.empty();
    }

    /** Whether a wall-clock run time falls in the hour(s) the gap skips, read in the offset before it. */
    private boolean scheduledInside(ZoneOffsetTransition gap) {
        ZonedDateTime justBefore = gap.getDateTimeBefore().minusSeconds(1).atZone(gap.getOffsetBefore());
        return execution.nextExecution(justBefore)
                .map(ZonedDateTime::toLocalDateTime)
                .filter((LocalDateTime local) -> local.isBefore(gap.getDateTimeAfter()))
                .isPresent();
    }
}
