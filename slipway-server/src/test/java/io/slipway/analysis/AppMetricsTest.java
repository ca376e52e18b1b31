package io.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slipway.sample.SampleApp;
import io.slipway.sample.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scrapes of real HTTP servers on port 0; time from a test clock, so windows are exact. */
class AppMetricsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final AppQuery REQUESTS = AppQuery.increase("requests", "http_requests_total");
    private static final AppQuery ERROR_RATE = AppQuery.ratio("errorRate", "http_requests_total{code=~\"5..\"}",
            "http_requests_total");
    private static final AppQuery QUEUE = AppQuery.gauge("queue", "queue_depth");

    private final TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AppMetrics metrics = new AppMetrics(client, clock);
    private final FakeMetricsApp one = FakeMetricsApp.start();
    private final FakeMetricsApp two = FakeMetricsApp.start();

    @AfterEach
    void close() {
        one.close();
        two.close();
    }

    @Test
    void increaseSumsEveryInstanceOverTheWindow() {
        scrapeAfter(Duration.ZERO, counters(100, 0), counters(50, 0));
        scrapeAfter(MINUTE, counters(160, 2), counters(90, 0));
        scrapeAfter(MINUTE, counters(260, 2), counters(150, 8));
        // two's first 503s come with its 503 series: it did not exist a minute before, so it counts from 0
        assertThat(values(MINUTE)).isEqualTo(Map.of("requests", 100 + 60 + 8.0, "errorRate", 8.0 / 168));
        assertThat(values(MINUTE.multipliedBy(2))).isEqualTo(Map.of("requests", 162 + 100 + 8.0, "errorRate", 10.0 / 270));
        AppMetrics.Reading reading = metrics.readings("web", "v2", List.of(REQUESTS), MINUTE).get("requests");
        assertThat(reading).isEqualTo(new AppMetrics.Reading(168, 2, 2, MINUTE));
        assertThat(one.scrapes()).isEqualTo(3);
    }

    @Test
    void anInstanceThatRestartedCountsFromZeroAgain() {
        scrapeAfter(Duration.ZERO, counters(1000, 10), counters(50, 0));
        scrapeAfter(MINUTE, counters(1100, 10), counters(70, 0));
        scrapeAfter(MINUTE, counters(30, 3), counters(90, 0));
        assertThat(values(MINUTE.multipliedBy(2))).isEqualTo(Map.of("requests", 100 + 33 + 40.0, "errorRate", 3.0 / 173));
    }

    @Test
    void aRatioWithoutNewRequestsIsNaN() {
        scrapeAfter(Duration.ZERO, counters(100, 5), counters(50, 0));
        scrapeAfter(MINUTE, counters(100, 5), counters(50, 0));
        assertThat(values(MINUTE)).containsEntry("requests", 0.0).containsEntry("errorRate", Double.NaN);
    }

    @Test
    void aGaugeIsTheMeanOfTheInstancesAtTheLatestScrape() {
        one.serve("queue_depth{queue=\"a\"} 4\nqueue_depth{queue=\"b\"} 2\n");
        two.serve("queue_depth{queue=\"a\"} 10\n");
        metrics.scrape("web", "v2", List.of(one.uri(), two.uri()));
        assertThat(metrics.values("web", "v2", List.of(QUEUE), MINUTE)).isEqualTo(Map.of("queue", 8.0));
    }

    @Test
    void anInstanceDownFailsTheScrapeAndNothingIsStored() {
        scrapeAfter(Duration.ZERO, counters(100, 0), counters(50, 0));
        URI down = two.uri();
        two.close();
        one.serve(counters(200, 0));
        clock.advance(MINUTE);
        assertThatThrownBy(() -> metrics.scrape("web", "v2", List.of(one.uri(), down)))
                .isInstanceOf(MetricException.class)
                .hasMessageStartingWith("scrape of web v2 failed, nothing stored: " + down + ": ConnectException")
                .hasMessageNotContaining(one.uri().toString());
        assertThat(values(MINUTE).get("requests")).as("one scrape only").isNaN();
    }

    @Test
    void errorAnswersAndUnreadableTextNameTheInstanceAndWhy() {
        one.status(503).serve("overloaded");
        two.serve("http_requests_total{code=\"200\"} 1\nhttp_requests_total{code=\"200\" 2\n");
        assertThatThrownBy(() -> metrics.scrape("web", "v2", List.of(one.uri(), two.uri())))
                .isInstanceOf(MetricException.class)
                .hasMessage("scrape of web v2 failed, nothing stored: " + one.uri() + ": HTTP 503, expected 200; "
                        + two.uri() + ": not the Prometheus text format, line 2, column 32: expected ',' or '}' after"
                        + " the value of label code, found '2': http_requests_total{code=\"200\" 2");
    }

    @Test
    void anInstanceThatDoesNotAnswerInTimeFailsTheScrape() {
        AppMetrics impatient = new AppMetrics(client, clock, Duration.ofMillis(300));
        one.serve(counters(1, 0));
        two.hang();
        assertThatThrownBy(() -> impatient.scrape("web", "v2", List.of(one.uri(), two.uri())))
                .isInstanceOf(MetricException.class)
                .hasMessage("scrape of web v2 failed, nothing stored: " + two.uri()
                        + ": no complete answer within 300 ms");
    }

    @Test
    void versionsKeepSeparateHistoriesAndForgetDropsOne() {
        scrapeAfter(Duration.ZERO, counters(100, 0), counters(50, 0));
        one.serve(counters(7, 0));
        metrics.scrape("web", "v1", List.of(one.uri()));
        scrapeAfter(MINUTE, counters(110, 0), counters(50, 0));
        one.serve(counters(9, 0));
        metrics.scrape("web", "v1", List.of(one.uri()));
        assertThat(metrics.values("web", "v1", List.of(REQUESTS), MINUTE)).isEqualTo(Map.of("requests", 2.0));
        metrics.forget("web", "v2");
        assertThat(values(MINUTE).get("requests")).isNaN();
        assertThat(metrics.values("web", "v1", List.of(REQUESTS), MINUTE)).isEqualTo(Map.of("requests", 2.0));
    }

    @Test
    void refusesWindowsBeyondTheHistoryAndQueriesWithTheSameName() {
        assertThatThrownBy(() -> values(Duration.ofMinutes(16)))
                .hasMessage("window PT16M is not within (0, PT15M], the history kept");
        assertThatThrownBy(() -> metrics.values("web", "v2", List.of(REQUESTS, REQUESTS), MINUTE))
                .hasMessage("web v2: two queries are named requests");
        assertThatThrownBy(() -> metrics.scrape("web", "v2", List.of())).hasMessage("web v2: no instances to scrape");
    }

    @Test
    void readsTheSampleAppsOwnMetrics() throws IOException {
        SampleApp app = SampleApp.start(new Settings(0, "v2", 1.0, Duration.ZERO, Duration.ZERO, false, null));
        try {
            URI uri = URI.create("http://127.0.0.1:" + app.port() + "/metrics");
            metrics.scrape("sample", "v2", List.of(uri));
            for (int i = 0; i < 10; i++) {
                get(URI.create("http://127.0.0.1:" + app.port() + "/"));
            }
            // the app counts a request just after answering it
            await().until(() -> get(uri).contains("sample_requests_total{status=\"500\"} 10"));
            clock.advance(MINUTE);
            metrics.scrape("sample", "v2", List.of(uri));
            assertThat(metrics.values("sample", "v2", List.of(
                    AppQuery.increase("requests", "sample_requests_total"),
                    AppQuery.ratio("errorRate", "sample_requests_total{status=~\"5..\"}", "sample_requests_total")),
                    MINUTE)).isEqualTo(Map.of("requests", 10.0, "errorRate", 1.0));
        } finally {
            app.stop();
        }
    }

    private Map<String, Double> values(Duration window) {
        return metrics.values("web", "v2", List.of(REQUESTS, ERROR_RATE), window);
    }

    private void scrapeAfter(Duration step, String first, String second) {
        clock.advance(step);
        one.serve(first);
        two.serve(second);
        metrics.scrape("web", "v2", List.of(one.uri(), two.uri()));
    }

    /** What a typical instrumented app exposes: requests by code, a histogram beside them. */
    private static String counters(long ok, long errors) {
        return "# HELP http_requests_total Requests by status code.\n"
                + "# TYPE http_requests_total counter\n"
                + "http_requests_total{code=\"200\"} " + ok + "\n"
                + (errors > 0 ? "http_requests_total{code=\"503\"} " + errors + "\n" : "")
                + "# TYPE http_request_duration_seconds histogram\n"
                + "http_request_duration_seconds_bucket{le=\"0.1\"} " + ok + "\n"
                + "http_request_duration_seconds_bucket{le=\"+Inf\"} " + (ok + errors) + "\n"
                + "http_request_duration_seconds_count " + (ok + errors) + "\n";
    }

    private String get(URI uri) throws IOException {
        try {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
