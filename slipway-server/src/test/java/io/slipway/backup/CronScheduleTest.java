package io.slipway.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void nextIsTheFollowingMatchStrictlyAfterTheGivenInstant() {
        CronSchedule nightly = CronSchedule.parse("0 3 * * *");

        assertThat(nightly.next(utc("2026-05-10T02:59:59Z"), ZoneOffset.UTC)).contains(utc("2026-05-10T03:00:00Z"));
        assertThat(nightly.next(utc("2026-05-10T03:00:00Z"), ZoneOffset.UTC)).contains(utc("2026-05-11T03:00:00Z"));
        assertThat(nightly.next(utc("2026-05-10T03:00:30Z"), ZoneOffset.UTC)).contains(utc("2026-05-11T03:00:00Z"));
        assertThat(nightly.next(utc("2026-12-31T23:59:00Z"), ZoneOffset.UTC)).contains(utc("2027-01-01T03:00:00Z"));
    }

    @Test
    void fieldsAreReadAsWallClockTimeInTheGivenZone() {
        CronSchedule nightly = CronSchedule.parse("0 3 * * *");

        assertThat(nightly.next(utc("2026-01-15T12:00:00Z"), BERLIN)).contains(utc("2026-01-16T02:00:00Z"));
        assertThat(nightly.next(utc("2026-07-15T12:00:00Z"), BERLIN)).contains(utc("2026-07-16T01:00:00Z"));
    }

    @Test
    void aTimeSkippedBySpringForwardRunsWhenTheClockJumps() {
        CronSchedule at0230 = CronSchedule.parse("30 2 * * *");

        List<ZonedDateTime> runs = runs(at0230, "2026-03-27T12:00:00Z", BERLIN, 4);

        assertThat(runs).extracting(ZonedDateTime::toString).containsExactly(
                "2026-03-28T02:30+01:00[Europe/Berlin]",
                "2026-03-29T03:00+02:00[Europe/Berlin]",
                "2026-03-30T02:30+02:00[Europe/Berlin]",
                "2026-03-31T02:30+02:00[Europe/Berlin]");
    }

    @Test
    void aTimeRepeatedByFallBackRunsOnce() {
        CronSchedule at0230 = CronSchedule.parse("30 2 * * *");

        List<ZonedDateTime> runs = runs(at0230, "2026-10-24T12:00:00Z", BERLIN, 3);

        assertThat(runs).extracting(ZonedDateTime::toString).containsExactly(
                "2026-10-25T02:30+02:00[Europe/Berlin]",
                "2026-10-26T02:30+01:00[Europe/Berlin]",
                "2026-10-27T02:30+01:00[Europe/Berlin]");
    }

    @Test
    void hourlyRunsEveryRealHourAcrossBothTransitions() {
        CronSchedule hourly = CronSchedule.parse("@hourly");

        assertThat(runs(hourly, "2026-03-28T23:30:00Z", BERLIN, 3)).extracting(ZonedDateTime::toString)
                .containsExactly("2026-03-29T01:00+01:00[Europe/Berlin]", "2026-03-29T03:00+02:00[Europe/Berlin]",
                        "2026-03-29T04:00+02:00[Europe/Berlin]");
        assertThat(runs(hourly, "2026-10-24T22:30:00Z", BERLIN, 4)).extracting(ZonedDateTime::toString)
                .containsExactly("2026-10-25T01:00+02:00[Europe/Berlin]", "2026-10-25T02:00+02:00[Europe/Berlin]",
                        "2026-10-25T02:00+01:00[Europe/Berlin]", "2026-10-25T03:00+01:00[Europe/Berlin]");
    }

    @Test
    void aScheduleOutsideTheGapIsNotPulledIntoIt() {
        CronSchedule at0330 = CronSchedule.parse("30 3 * * *");

        assertThat(runs(at0330, "2026-03-28T12:00:00Z", BERLIN, 1)).extracting(ZonedDateTime::toString)
                .containsExactly("2026-03-29T03:30+02:00[Europe/Berlin]");
    }

    @Test
    void macrosExpandToTheirVixieMeaningAndKeepTheirName() {
        Instant from = utc("2026-05-10T13:20:00Z");

        assertThat(CronSchedule.parse("@daily").next(from, ZoneOffset.UTC)).contains(utc("2026-05-11T00:00:00Z"));
        assertThat(CronSchedule.parse("@midnight").next(from, ZoneOffset.UTC)).contains(utc("2026-05-11T00:00:00Z"));
        assertThat(CronSchedule.parse("@hourly").next(from, ZoneOffset.UTC)).contains(utc("2026-05-10T14:00:00Z"));
        assertThat(CronSchedule.parse("@weekly").next(from, ZoneOffset.UTC)).contains(utc("2026-05-17T00:00:00Z"));
        assertThat(CronSchedule.parse("@monthly").next(from, ZoneOffset.UTC)).contains(utc("2026-06-01T00:00:00Z"));
        assertThat(CronSchedule.parse("@yearly").next(from, ZoneOffset.UTC)).contains(utc("2027-01-01T00:00:00Z"));
        assertThat(CronSchedule.parse(" @Daily ").expression()).isEqualTo("@Daily");
    }

    @Test
    void dayOfMonthAndDayOfWeekTogetherMeanEither() {
        CronSchedule firstOrMonday = CronSchedule.parse("0 3 1 * MON");

        assertThat(runs(firstOrMonday, "2026-03-28T12:00:00Z", ZoneOffset.UTC, 3))
                .extracting(z -> z.toLocalDate().toString())
                .containsExactly("2026-03-30", "2026-04-01", "2026-04-06");
    }

    @Test
    void twentyNinthOfFebruaryRunsInLeapYears() {
        assertThat(CronSchedule.parse("0 0 29 2 *").next(utc("2026-03-01T00:00:00Z"), ZoneOffset.UTC))
                .contains(utc("2028-02-29T00:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "61 * * * *|cron \"61 * * * *\": minute \"61\": Value 61 not in range [0, 59]",
            "0 24 * * *|cron \"0 24 * * *\": hour \"24\": Value 24 not in range [0, 23]",
            "0 3 * 13 *|cron \"0 3 * 13 *\": month \"13\": Value 13 not in range [1, 12]",
            "0 3 * * 8|cron \"0 3 * * 8\": day-of-week \"8\": Value 8 not in range [0, 7]",
            "0 0 * * * *|cron \"0 0 * * * *\": 6 fields; Slipway schedules are Unix cron with 5 fields",
            "0 3 * *|cron \"0 3 * *\": 4 fields;",
            "0 0 30 2 *|cron \"0 0 30 2 *\": never runs",
            "@reboot|cron \"@reboot\": unknown macro",
            "@often|cron \"@often\": unknown macro",
            "0 3 L * *|cron \"0 3 L * *\": day-of-month \"L\":",
    })
    void refusesInvalidExpressionsNamingTheExpressionAndTheProblem(String expression, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesAnEmptyExpression() {
        assertThatThrownBy(() -> CronSchedule.parse("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty").hasMessageContaining("\"0 3 * * *\"");
        assertThatThrownBy(() -> CronSchedule.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<ZonedDateTime> runs(CronSchedule schedule, String from, ZoneId zone, int count) {
        List<ZonedDateTime> runs = new ArrayList<>();
        Instant at = utc(from);
        for (int i = 0; i < count; i++) {
            at = schedule.next(at, zone).orElseThrow();
            runs.add(at.atZone(zone));
        }
        return runs;
    }

    private static Instant utc(String instant) {
        return Instant.parse(instant);
    }
}
