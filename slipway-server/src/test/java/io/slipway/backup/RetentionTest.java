package io.slipway.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RetentionTest {
    private static final Function<Instant, Instant> SELF = Function.identity();

    @Test
    void thirtyDaysOfHourlyBackupsKeepTheDefaultThirtyTwo() {
        List<Instant> backups = every(Duration.ofHours(1), at("2026-06-01T00:00:00Z"), at("2026-06-30T23:00:00Z"));
        assertThat(backups).hasSize(720);

        Set<Instant> kept = Retention.DEFAULTS.keep(backups, SELF, at("2026-06-30T23:30:00Z"), ZoneOffset.UTC);

        List<Instant> expected = new ArrayList<>();
        for (int hour = 23; hour >= 0; hour--) {
            expected.add(at("2026-06-30T%02d:00:00Z".formatted(hour)));
        }
        for (int day = 29; day >= 24; day--) {
            expected.add(at("2026-06-%02dT23:00:00Z".formatted(day)));
        }
        expected.add(at("2026-06-21T23:00:00Z"));
        expected.add(at("2026-06-14T23:00:00Z"));
        assertThat(kept).hasSize(32).containsExactlyElementsOf(expected);
    }

    @Test
    void keepLastAloneKeepsTheNewestN() {
        List<Instant> backups = every(Duration.ofMinutes(10), at("2026-06-01T00:00:00Z"), at("2026-06-01T02:00:00Z"));

        Set<Instant> kept = new Retention(3, 0, 0, 0).keep(backups, SELF, at("2026-06-02T00:00:00Z"), ZoneOffset.UTC);

        assertThat(kept).containsExactly(at("2026-06-01T02:00:00Z"), at("2026-06-01T01:50:00Z"),
                at("2026-06-01T01:40:00Z"));
    }

    @Test
    void hourlyTakesTheNewestOfEachHourAcrossADayBoundary() {
        List<Instant> backups = List.of(at("2026-06-01T22:10:00Z"), at("2026-06-01T22:40:00Z"),
                at("2026-06-01T23:15:00Z"), at("2026-06-02T00:05:00Z"), at("2026-06-02T00:50:00Z"));

        Set<Instant> kept = new Retention(0, 3, 0, 0).keep(backups, SELF, at("2026-06-02T01:00:00Z"), ZoneOffset.UTC);

        assertThat(kept).containsExactly(at("2026-06-02T00:50:00Z"), at("2026-06-01T23:15:00Z"),
                at("2026-06-01T22:40:00Z"));
    }

    @Test
    void daysAreCalendarDaysOfTheGivenZone() {
        List<Instant> backups = List.of(at("2026-06-01T20:00:00Z"), at("2026-06-02T02:00:00Z"),
                at("2026-06-02T05:00:00Z"));
        Retention twoDays = new Retention(0, 0, 2, 0);
        Instant now = at("2026-06-02T06:00:00Z");

        assertThat(twoDays.keep(backups, SELF, now, ZoneOffset.UTC))
                .containsExactly(at("2026-06-02T05:00:00Z"), at("2026-06-01T20:00:00Z"));
        assertThat(twoDays.keep(backups, SELF, now, ZoneId.of("America/New_York")))
                .containsExactly(at("2026-06-02T05:00:00Z"), at("2026-06-02T02:00:00Z"));
    }

    @Test
    void weeklyUsesIsoWeeksAcrossTheYearBoundary() {
        List<Instant> backups = every(Duration.ofDays(1), at("2026-12-20T12:00:00Z"), at("2027-01-12T12:00:00Z"));

        Set<Instant> kept = new Retention(0, 0, 0, 3).keep(backups, SELF, at("2027-01-12T13:00:00Z"), ZoneOffset.UTC);

        assertThat(kept).as("2027-W02, 2027-W01 and 2026-W53 (Monday 28 December to Sunday 3 January)")
                .containsExactly(at("2027-01-12T12:00:00Z"), at("2027-01-10T12:00:00Z"), at("2027-01-03T12:00:00Z"));
    }

    @Test
    void anAutumnDaylightSavingChangeMakesTwoHourBuckets() {
        List<Instant> backups = List.of(at("2026-10-25T00:30:00Z"), at("2026-10-25T01:30:00Z"));

        Set<Instant> kept = new Retention(0, 2, 0, 0).keep(backups, SELF, at("2026-10-25T02:00:00Z"),
                ZoneId.of("Europe/Berlin"));

        assertThat(kept).as("02:30 CEST and 02:30 CET").hasSize(2);
    }

    @Test
    void equalTimesCountSeparatelyAndTheLaterInTheListIsNewer() {
        Instant noon = at("2026-06-01T12:00:00Z");
        List<String> backups = List.of("a", "b", "c");
        Function<String, Instant> time = name -> name.equals("c") ? noon.minusSeconds(3600) : noon;
        Instant now = noon.plusSeconds(60);

        assertThat(new Retention(1, 0, 0, 0).keep(backups, time, now, ZoneOffset.UTC)).containsExactly("b");
        assertThat(new Retention(2, 0, 0, 0).keep(backups, time, now, ZoneOffset.UTC)).containsExactly("b", "a");
        assertThat(new Retention(0, 2, 0, 0).keep(backups, time, now, ZoneOffset.UTC)).containsExactly("b", "c");
    }

    @Test
    void aGapInBackupsDoesNotLetTimeAloneDeleteTheRest() {
        List<Instant> backups = every(Duration.ofHours(1), at("2026-06-01T00:00:00Z"), at("2026-06-03T23:00:00Z"));

        Set<Instant> kept = new Retention(0, 24, 0, 0).keep(backups, SELF, at("2026-07-01T00:00:00Z"), ZoneOffset.UTC);

        assertThat(kept).hasSize(24).allMatch(t -> !t.isBefore(at("2026-06-03T00:00:00Z")));
    }

    @Test
    void backupsNewerThanNowAreKeptAndFillNoBucket() {
        List<Instant> backups = List.of(at("2026-06-01T10:00:00Z"), at("2026-06-01T11:00:00Z"),
                at("2026-06-01T13:00:00Z"));

        Set<Instant> kept = new Retention(1, 0, 0, 0).keep(backups, SELF, at("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

        assertThat(kept).containsExactly(at("2026-06-01T13:00:00Z"), at("2026-06-01T11:00:00Z"));
    }

    @Test
    void neverDeletesTheNewest() {
        List<Instant> backups = List.of(at("2026-01-05T10:00:00Z"), at("2026-03-09T10:00:00Z"),
                at("2026-02-02T10:00:00Z"));
        Instant now = at("2026-06-01T00:00:00Z");
        for (Retention rules : List.of(new Retention(1, 0, 0, 0), new Retention(0, 1, 0, 0),
                new Retention(0, 0, 1, 0), new Retention(0, 0, 0, 1))) {
            assertThat(rules.keep(backups, SELF, now, ZoneOffset.UTC)).as(rules.toString())
                    .containsExactly(at("2026-03-09T10:00:00Z"));
        }
    }

    @Test
    void nothingToKeepFromNothing() {
        assertThat(Retention.DEFAULTS.keep(List.<Instant>of(), SELF, Instant.EPOCH, ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void refusesNegativeCountsNamingTheField() {
        assertThatThrownBy(() -> new Retention(7, -1, 7, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention.hourly: -1, must be 0 or more");
        assertThatThrownBy(() -> new Retention(-2, 24, 7, 4)).hasMessageStartingWith("retention.keepLast: -2");
        assertThatThrownBy(() -> new Retention(7, 24, -3, 4)).hasMessageStartingWith("retention.daily: -3");
        assertThatThrownBy(() -> new Retention(7, 24, 7, -4)).hasMessageStartingWith("retention.weekly: -4");
    }

    @Test
    void refusesAllZeroBecauseItWouldDeleteEveryBackup() {
        assertThatThrownBy(() -> new Retention(0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("would delete every backup");
    }

    private static List<Instant> every(Duration step, Instant first, Instant last) {
        List<Instant> times = new ArrayList<>();
        for (Instant t = first; !t.isAfter(last); t = t.plus(step)) {
            times.add(t);
        }
        return times;
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
