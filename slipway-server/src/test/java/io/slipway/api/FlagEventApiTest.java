package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.slipway.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** SDK events in, reports and experiment metrics out, against a real server on port 0. */
class FlagEventApiTest {
    @TempDir
    Path dir;
    ApiFixture api;

    @BeforeEach
    void start() {
        api = new ApiFixture(dir, List.of("production"));
        HttpResponse<String> created = api.put("/api/v1/flags/button", """
                {"environments": {"production": {"enabled": true}},
                 "variants": [{"name": "control", "weight": 1}, {"name": "green", "weight": 1}]}
                """);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void reportsTheVariantThatConvertsBetterFromTheEventsSdksPost() {
        post(batch("control", 0, 150), 202);
        post(batch("control", 1000, 150), 202);
        post(batch("green", 0, 300), 202);
        post(batch("green", 1000, 300), 202);

        HttpResponse<String> report = api.get("/api/v1/flags/button/report?over=1h");
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        JsonNode body = json(report);
        assertThat(body.at("/report/winner").asText()).isEqualTo("green");
        assertThat(body.at("/samples/0/exposures").asLong()).isEqualTo(2000);
        assertThat(body.at("/report/comparisons/0/conversion/explanation").asText()).contains("better");
    }

    @Test
    void experimentsAreListedAndExportedAsMetrics() {
        post("""
                {"appName": "shop", "environment": "production", "experiments": [{"name": "price-lookup",
                 "flag": "button", "runs": 200, "mismatches": 10, "controlErrors": 0, "candidateErrors": 2,
                 "candidateUsed": 20, "controlMs": {"count": 200, "sum": 200, "sumSquares": 220},
                 "candidateMs": {"count": 200, "sum": 1000, "sumSquares": 5400}}]}
                """, 202);
        JsonNode listed = json(api.get("/api/v1/experiments"));
        assertThat(listed.at("/experiments/0/mismatchRate").asDouble()).isEqualTo(0.05);
        assertThat(listed.at("/experiments/0/candidateMeanMs").asDouble()).isEqualTo(5.0);
        String metrics = api.get("/metrics").body();
        assertThat(metrics).contains("slipway_experiment_mismatch_ratio{environment=\"production\",experiment=\"price-lookup\"} 0.05");
        assertThat(metrics).contains("slipway_experiment_latency_ms{environment=\"production\",experiment=\"price-lookup\",path=\"candidate\"} 5.0");
    }

    @Test
    void badBatchesAndReportRequestsAreRefusedNamingTheValue() {
        assertRefused(api.post("/api/v1/flags/events", "{\"environment\": \"production\", \"metrics\": [{\"flag\": \"button\","
                + " \"name\": \"latency_ms\", \"count\": -3, \"sum\": 0, \"sumSquares\": 0}]}"), 400, "count: -3");
        assertRefused(api.post("/api/v1/flags/events", "{\"environment\": \"qa\"}"), 400, "qa");
        assertRefused(api.post("/api/v1/flags/events", "{\"environment\": \"production\", \"bogus\": 1}"), 400, "bogus");
        assertRefused(api.get("/api/v1/flags/button/report?over=forever"), 400, "forever");
        assertRefused(api.get("/api/v1/flags/button/report?confidence=2"), 400, "confidence");
        assertRefused(api.get("/api/v1/flags/button/report"), 409, "variants seen: none");
        assertRefused(api.get("/api/v1/flags/nope/report"), 404, "nope");
    }

    @Test
    void takesBatchesFarAboveTheApisUsualBodyLimit() {
        String units = IntStream.range(0, 1000).mapToObj(i -> "\"user-with-a-long-identifier-" + i + "\"")
                .collect(Collectors.joining(","));
        String exposures = IntStream.range(0, 10).mapToObj(i -> "{\"flag\": \"button\", \"variant\": \"v" + i
                + "\", \"enabled\": true, \"count\": 1000, \"units\": [" + units + "]}").collect(Collectors.joining(","));
        String body = "{\"environment\": \"production\", \"exposures\": [" + exposures + "]}";
        assertThat(body.length()).isGreaterThan(64 * 1024);
        post(body, 202);
    }

    private void post(String body, int status) {
        HttpResponse<String> r = api.post("/api/v1/flags/events", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }

    private static void assertRefused(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).get("error").asText()).contains(message);
    }

    /** 1000 exposed users from {@code from}, the first {@code converted} of them converting, 20 ms each. */
    private static String batch(String variant, int from, int converted) {
        String exposed = IntStream.range(from, from + 1000).mapToObj(i -> "\"" + variant + i + "\"").collect(Collectors.joining(","));
        String buyers = IntStream.range(from, from + converted).mapToObj(i -> "\"" + variant + i + "\"").collect(Collectors.joining(","));
        return "{\"appName\": \"shop\", \"environment\": \"production\", \"exposures\": [{\"flag\": \"button\", \"variant\": \""
                + variant + "\", \"enabled\": true, \"count\": 1000, \"units\": [" + exposed + "]}], \"metrics\": ["
                + "{\"flag\": \"button\", \"variant\": \"" + variant + "\", \"enabled\": true, \"name\": \"conversion\", \"count\": "
                + converted + ", \"sum\": " + converted + ", \"sumSquares\": " + converted + ", \"units\": [" + buyers + "]},"
                + "{\"flag\": \"button\", \"variant\": \"" + variant + "\", \"enabled\": true, \"name\": \"latency_ms\","
                + " \"count\": 1000, \"sum\": 20000, \"sumSquares\": 410000}]}";
    }
}
