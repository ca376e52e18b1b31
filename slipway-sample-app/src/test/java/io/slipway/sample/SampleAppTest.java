package io.slipway.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SampleAppTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<SampleApp> started = new ArrayList<>();

    @AfterEach
    void stopApps() {
        started.forEach(SampleApp::stop);
    }

    @Test
    void answersWithItsVersionAndInstanceAsJson() throws Exception {
        SampleApp app = start("--version", "v1");

        HttpResponse<String> response = get(app, "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-App-Version")).hasValue("v1");
        assertThat(response.body()).matches("\\{\"app\":\"sample\",\"version\":\"v1\",\"instance\":\"\\d+:"
                + app.port() + "\"}");
        assertThat(get(app, "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void isLiveAndReadyOnceStarted() throws Exception {
        SampleApp app = start();

        assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> get(app, "/health/ready").statusCode() == 200);
        assertThat(app.startupLine()).isEqualTo("sample-app version=dev port=" + app.port() + " ready");
    }

    @Test
    void becomesReadyOnlyAfterItsStartDelay() throws Exception {
        SampleApp app = start("--start-delay-ms", "400");

        assertThat(get(app, "/health/ready").statusCode()).isEqualTo(503);
        assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> get(app, "/health/ready").statusCode() == 200);
        assertThat(app.startupLine()).endsWith(" ready-in=400ms");
    }

    @Test
    void neverBecomesReadyWhenToldSo() throws Exception {
        SampleApp app = start("--never-ready");

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> get(app, "/health/ready").statusCode() == 503);
        assertThat(get(app, "/").statusCode()).isEqualTo(200);
        assertThat(app.startupLine()).endsWith(" never-ready");
    }

    @Test
    void failsEveryRequestAtErrorRateOneAndNoneAtZero() throws Exception {
        SampleApp failing = start("--version", "v2", "--error-rate", "1");
        SampleApp healthy = start("--version", "v1", "--error-rate", "0");

        for (int i = 0; i < 20; i++) {
            assertThat(get(failing, "/").statusCode()).isEqualTo(500);
            assertThat(get(healthy, "/").statusCode()).isEqualTo(200);
        }
        assertThat(get(failing, "/").headers().firstValue("X-App-Version")).hasValue("v2");
    }

    @Test
    void startsFailingEveryRequestOnceFailAfterHasPassed() throws Exception {
        long startedAt = System.nanoTime();
        SampleApp app = start("--version", "v2", "--fail-after-s", "0.5");
        assertThat(get(app, "/").statusCode()).as("healthy before the fault").isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> get(app, "/").statusCode() == 500);
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        for (int i = 0; i < 20; i++) {
            assertThat(get(app, "/").statusCode()).isEqualTo(500);
        }
        assertThat(get(app, "/health/ready").statusCode()).as("still ready: a fault, not a crash").isEqualTo(200);
    }

    @Test
    void dataIsTheSameFromEveryVersionUnlessItDrifts() throws Exception {
        SampleApp v1 = start("--version", "v1");
        SampleApp v2 = start("--version", "v2");
        SampleApp drifting = start("--version", "v3", "--data-drift", "1");
        assertThat(get(v1, "/data").body()).isEqualTo(get(v2, "/data").body()).contains("rope");
        assertThat(get(drifting, "/data").statusCode()).isEqualTo(200);
        assertThat(get(drifting, "/data").body()).isNotEqualTo(get(v1, "/data").body());
    }

    @Test
    void addsLatencyWithoutHoldingUpProbes() throws Exception {
        SampleApp app = start("--latency-ms", "300");
        long startedAt = System.nanoTime();
        CompletableFuture<HttpResponse<String>> slow = getAsync(app, "/");

        assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofMillis(300));
        assertThat(slow.get().statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void exposesRequestCountsByStatusAndLatencyAsPrometheusText() throws Exception {
        SampleApp app = start("--version", "v3", "--error-rate", "1");
        for (int i = 0; i < 3; i++) {
            get(app, "/");
        }
        get(app, "/health/ready");

        HttpResponse<String> metrics = get(app, "/metrics");

        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains(
                "sample_info{version=\"v3\"} 1\n",
                "# TYPE sample_requests_total counter\n",
                "sample_requests_total{status=\"500\"} 3\n",
                "# TYPE sample_request_duration_seconds histogram\n",
                "sample_request_duration_seconds_bucket{le=\"+Inf\"} 3\n",
                "sample_request_duration_seconds_count 3\n");
        assertThat(metrics.body()).doesNotContain("status=\"200\"");
    }

    @Test
    void finishesRequestsInFlightWhenStoppedThenRefusesConnections() throws Exception {
        SampleApp app = SampleApp.start(settings("--latency-ms", "300"));
        CompletableFuture<HttpResponse<String>> inFlight = getAsync(app, "/");
        await().atMost(Duration.ofSeconds(2)).until(() -> app.requestsInFlight() == 1);

        app.stop();

        assertThat(inFlight.get().statusCode()).isEqualTo(200);
        assertThat(getAsync(app, "/health/live")).failsWithin(Duration.ofSeconds(2))
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(ConnectException.class);
    }

    @Test
    void crashesWhenItsTimeComes() throws Exception {
        AtomicBoolean crashed = new AtomicBoolean();
        SampleApp app = SampleApp.start(settings("--crash-after-s", "0.2"), () -> crashed.set(true));
        started.add(app);

        await().atMost(Duration.ofSeconds(2)).untilTrue(crashed);
    }

    @Test
    void closesItsListenerWhenItCrashesInProcess() throws Exception {
        SampleApp app = SampleApp.start(settings("--crash-after-s", "0.2"));

        await().atMost(Duration.ofSeconds(2)).until(() -> getAsync(app, "/health/live")
                .handle((response, error) -> error != null).get());
    }

    private SampleApp start(String... args) throws IOException {
        SampleApp app = SampleApp.start(settings(args));
        started.add(app);
        return app;
    }

    private static Settings settings(String... args) {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(List.of(args));
        return Settings.parse(all.toArray(String[]::new), Map.of());
    }

    private HttpResponse<String> get(SampleApp app, String path) throws IOException, InterruptedException {
        return client.send(request(app, path), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(SampleApp app, String path) {
        return client.sendAsync(request(app, path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(SampleApp app, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(5)).build();
    }
}
