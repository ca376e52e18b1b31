package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.analysis.AppMetrics.Reading;
import io.slipway.analysis.AppMetricsHistory.Scrape;
import io.slipway.analysis.PrometheusText.Sample;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic of app metrics over scrapes, with made-up scrapes: no sockets, no waiting. */
class AppMetricsHistoryTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final URI A = URI.create("http://10.0.0.1:8080/metrics");
    private static final URI B = URI.create("http://10.0.0.2:8080/metrics");
    private static final AppQuery REQUESTS = AppQuery.increase("requests", "requests_total");
    private static final AppQuery ERRORS = AppQuery.increase("errors", "requests_total{status=~\"5..\"}");
    private static final AppQuery ERROR_RATE = AppQuery.ratio("errorRate", "requests_total{status=~\"5..\"}",
            "requests_total");
    private static final AppQuery IN_FLIGHT = AppQuery.gauge("inFlight", "in_flight");

    private final AppMetricsHistory history = new AppMetricsHistory();

    @Test
    void increaseIsTheLatestScrapeMinusTheNewestAtOrBeforeTheWindowStart() {
        add(0, A, "requests_total 100");
        add(30, A, "requests_total 130");
        add(60, A, "requests_total 200");
        add(90, A, "requests_total 260");
        assertThat(read(REQUESTS, 90, 60)).isEqualTo(new Reading(130, 3, 1, Duration.ofSeconds(60)));
        assertThat(read(REQUESTS, 90, 61).value()).as("window start before the 30 s scrape").isEqualTo(160);
        assertThat(read(REQUESTS, 100, 60).value()).as("window start between scrapes: the one before").isEqualTo(130);
    }

    @Test
    void aWindowLongerThanTheHistoryStartsAtTheOldestScrapeAndSaysSo() {
        add(0, A, "requests_total 100");
        add(30, A, "requests_total 150");
        Reading r = read(REQUESTS, 30, 600);
        assertThat(r.value()).isEqualTo(50);
        assertThat(r.span()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aCounterThatWentDownRestartedAndAddsItsNewValue() {
        add(0, A, "requests_total 100");
        add(10, A, "requests_total 150");
        add(20, A, "requests_total 20");
        add(30, A, "requests_total 50");
        assertThat(read(REQUESTS, 30, 30).value()).isEqualTo(50 + 20 + 30);
    }

    @Test
    void sumsOverSeriesAndInstancesEachWithItsOwnResets() {
        add(0, A, "requests_total{status=\"200\"} 10\nrequests_total{status=\"500\"} 1", B, "requests_total 1000");
        add(10, A, "requests_total{status=\"200\"} 30\nrequests_total{status=\"500\"} 2", B, "requests_total 5");
        add(20, A, "requests_total{status=\"200\"} 35\nrequests_total{status=\"500\"} 4", B, "requests_total 9");
        Reading r = read(REQUESTS, 20, 20);
        assertThat(r.value()).isEqualTo(25 + 3 + 9);
        assertThat(r.instances()).isEqualTo(2);
        assertThat(read(ERRORS, 20, 20).value()).isEqualTo(3);
    }

    @Test
    void aSeriesNewOnAKnownInstanceStartedFromZero() {
        add(0, A, "requests_total{status=\"200\"} 10");
        add(10, A, "requests_total{status=\"200\"} 20\nrequests_total{status=\"500\"} 3");
        add(20, A, "requests_total{status=\"200\"} 30\nrequests_total{status=\"500\"} 4");
        assertThat(read(ERRORS, 20, 20).value()).isEqualTo(4);
        assertThat(read(ERRORS, 20, 10).value()).as("present at the window start: only its gain").isEqualTo(1);
    }

    @Test
    void anInstanceFirstSeenInTheWindowAddsOnlyWhatItGainedSince() {
        add(0, A, "requests_total 10");
        add(10, A, "requests_total 20", B, "requests_total 5000");
        add(20, A, "requests_total 30", B, "requests_total 5007");
        assertThat(read(REQUESTS, 20, 20).value()).isEqualTo(20 + 7);
    }

    @Test
    void noDataIsNaN() {
        assertThat(read(REQUESTS, 0, 60).value()).as("no scrape").isNaN();
        add(0, A, "requests_total 10");
        assertThat(read(REQUESTS, 0, 60)).as("one scrape").isEqualTo(new Reading(Double.NaN, 1, 0, Duration.ZERO));
        add(10, A, "requests_total 10");
        assertThat(read(REQUESTS, 10, 60).value()).as("no increase is 0, not NaN").isZero();
        assertThat(read(AppQuery.increase("x", "other_total"), 10, 60).value()).as("no such series").isNaN();
        assertThat(read(REQUESTS, 200, 60).value()).as("latest scrape older than the window").isNaN();
    }

    @Test
    void aGaugeIsTheMeanOverInstancesOfTheirSumsAtTheLatestScrape() {
        add(0, A, "in_flight{pool=\"a\"} 100", B, "in_flight 100");
        add(10, A, "in_flight{pool=\"a\"} 3\nin_flight{pool=\"b\"} 5", B, "in_flight 2\nother 50");
        assertThat(read(IN_FLIGHT, 10, 60)).isEqualTo(new Reading((8 + 2) / 2.0, 1, 2, Duration.ZERO));
        assertThat(read(AppQuery.gauge("p", "in_flight{pool=\"b\"}"), 10, 60).value())
                .as("instances without the series are left out").isEqualTo(5);
        assertThat(read(IN_FLIGHT, 71, 60).value()).as("latest scrape older than the window").isNaN();
    }

    @Test
    void aRatioDividesIncreasesAndIsNaNWhenTheDenominatorDidNotGrow() {
        add(0, A, "requests_total{status=\"200\"} 100");
        add(10, A, "requests_total{status=\"200\"} 100");
        assertThat(read(ERROR_RATE, 10, 60).value()).as("no requests").isNaN();
        add(20, A, "requests_total{status=\"200\"} 300");
        assertThat(read(ERROR_RATE, 20, 60).value()).as("no 5xx series yet is no errors").isZero();
        add(30, A, "requests_total{status=\"200\"} 390\nrequests_total{status=\"503\"} 10");
        assertThat(read(ERROR_RATE, 30, 60).value()).isEqualTo(10.0 / 300);
        assertThat(read(ERROR_RATE, 30, 10).value()).isEqualTo(10.0 / 100);
    }

    @Test
    void keepsOneScrapeAtOrBeforeTheRetentionAndAtMostMaxScrapes() {
        for (int minute = 0; minute <= 20; minute++) {
            add(minute * 60, A, "requests_total " + minute);
        }
        assertThat(history.size()).isEqualTo(16);
        assertThat(read(REQUESTS, 20 * 60, 15 * 60).value()).isEqualTo(15);
        AppMetricsHistory busy = new AppMetricsHistory();
        for (int s = 0; s < AppMetricsHistory.MAX_SCRAPES + 50; s++) {
            busy.add(new Scrape(T0.plusSeconds(s), Map.of(A, PrometheusText.parse("requests_total " + s))));
        }
        assertThat(busy.size()).isEqualTo(AppMetricsHistory.MAX_SCRAPES);
    }

    @Test
    void refusesAScrapeOlderThanTheLatest() {
        add(10, A, "requests_total 1");
        assertThatThrownBy(() -> add(5, A, "requests_total 2"))
                .hasMessage("scrape at 2025-01-01T00:00:05Z is older than the latest one at 2025-01-01T00:00:10Z");
    }

    private Reading read(AppQuery query, int nowSeconds, int windowSeconds) {
        return history.read(query, T0.plusSeconds(nowSeconds), Duration.ofSeconds(windowSeconds));
    }

    private void add(int seconds, URI instance, String text) {
        history.add(new Scrape(T0.plusSeconds(seconds), Map.of(instance, PrometheusText.parse(text))));
    }

    private void add(int seconds, URI first, String firstText, URI second, String secondText) {
        Map<URI, List<Sample>> instances = new LinkedHashMap<>();
        instances.put(first, PrometheusText.parse(firstText));
        instances.put(second, PrometheusText.parse(secondText));
        history.add(new Scrape(T0.plusSeconds(seconds), instances));
    }
}
