package io.slipway.deploy;

import io.slipway.config.SmokeTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmokeTestsTest {
    private static final String CANDIDATE = "v2";
    private static final String PREVIEW = "X-Slipway-Version";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SmokeTests smoke = new SmokeTests(client);
    private final List<PreviewGateway> gateways = new ArrayList<>();

    @AfterEach
    void stopGateways() {
        gateways.forEach(PreviewGateway::close);
    }

    private PreviewGateway gateway(String header) {
        PreviewGateway gateway = new PreviewGateway(header, CANDIDATE);
        gateways.add(gateway);
        return gateway;
    }

    private SmokeTests.Report run(SmokeTest... tests) {
        return run(gateway(PREVIEW).port(), PREVIEW, CANDIDATE, tests);
    }

    private SmokeTests.Report run(int port, String header, String version, SmokeTest... tests) {
        return finished(smoke.run("127.0.0.1", port, header, version, List.of(tests)));
    }

    private static SmokeTests.Report finished(CompletableFuture<SmokeTests.Report> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("smoke run did not finish", e);
        }
    }

    private static String onlyReason(SmokeTests.Report report) {
        assertThat(report.results()).hasSize(1);
        return report.results().get(0).reason();
    }

    @Test
    void passesWhenEveryCheckHolds() {
        SmokeTests.Report report = run(
                SmokeTest.get("/health", 200).expectingBody("ok"),
                SmokeTest.get("/version", 200).expectingJson("/version", "{version}"),
                SmokeTest.get("/version", 200).expectingJson("/replicas", "3"));

        assertThat(report.passed()).isTrue();
        assertThat(report.summary()).matches("3/3 smoke tests passed in \\d+ ms");
        assertThat(report.results()).extracting(SmokeTests.Result::status).containsExactly(200, 200, 200);
        assertThat(report.results()).extracting(SmokeTests.Result::reason)
                .containsExactly("GET /health → 200", "GET /version → 200", "GET /version → 200");
        assertThat(report.results().get(0).line()).matches("PASS GET /health: GET /health → 200 \\(\\d+ ms\\)");
    }

    @Test
    void failsOnAnotherStatusQuotingTheStartOfTheBody() {
        SmokeTests.Report report = run(SmokeTest.get("/broken", 200));

        assertThat(report.passed()).isFalse();
        assertThat(report.results().get(0).status()).isEqualTo(500);
        assertThat(onlyReason(report)).isEqualTo("GET /broken → 500, expected 200;"
                + " body starts \"Internal error: db pool exhausted\\n\\tat Pool.get(Pool.java:42)\"");
        assertThat(report.summary()).isEqualTo("1 of 1 smoke test failed: " + onlyReason(report));
    }

    @Test
    void quotesAtMost200CharactersOfTheBodyOnOneLine() {
        String reason = onlyReason(run(SmokeTest.get("/long", 200)));

        assertThat(reason).doesNotContain("\n", "\r", "\u0007")
                .startsWith("GET /long → 500, expected 200; body starts \"line one\\r\\nbell \\u0007 \\\"quoted\\\" ")
                .endsWith("aaa\"…");
        int quoted = reason.length() - reason.indexOf('"') - 3;
        assertThat(quoted).as("quoted characters, escapes counted as written").isBetween(200, 210);
    }

    @Test
    void failsWhenTheBodyLacksTheExpectedText() {
        String reason = onlyReason(run(SmokeTest.get("/health", 200).expectingBody("ready")));

        assertThat(reason).isEqualTo("GET /health → 200 but body lacks \"ready\"; body starts \"ok\"");
    }

    @Test
    void failsWhenTheJsonValueDiffers() {
        String reason = onlyReason(run(SmokeTest.get("/stale", 200).expectingJson("/version", "{version}")));

        assertThat(reason).isEqualTo("GET /stale → 200 but JSON /version is \"v1\", expected \"v2\"");
    }

    @Test
    void comparesObjectsAndArraysAsCompactJson() {
        SmokeTests.Report report = run(
                SmokeTest.get("/version", 200).expectingJson("/build", "{\"sha\":\"abc123\",\"tags\":[\"a\",\"b\"]}"),
                SmokeTest.get("/version", 200).expectingJson("/build/tags", "[\"a\",\"b\"]"),
                SmokeTest.get("/version", 200).expectingJson("/build/tags/1", "b"),
                SmokeTest.get("/version", 200).expectingJson("/build/tags", "[\"b\",\"a\"]"));

        assertThat(report.results()).extracting(SmokeTests.Result::passed).containsExactly(true, true, true, false);
        assertThat(report.results().get(3).reason())
                .isEqualTo("GET /version → 200 but JSON /build/tags is \"[\\\"a\\\",\\\"b\\\"]\", expected"
                        + " \"[\\\"b\\\",\\\"a\\\"]\"");
    }

    @Test
    void failsWhenTheBodyIsNotJson() {
        String reason = onlyReason(run(SmokeTest.get("/html", 200).expectingJson("/version", null)));

        assertThat(reason)
                .isEqualTo("GET /html → 200 but body is not JSON: \"<html><body>Maintenance</body></html>\"");
    }

    @Test
    void failsWhenJsonIsFollowedByGarbage() {
        String reason = onlyReason(run(SmokeTest.get("/trailing", 200).expectingJson("/version", null)));

        assertThat(reason)
                .isEqualTo("GET /trailing → 200 but body is not JSON: \"{\\\"version\\\":\\\"v2\\\"} oops\"");
    }

    @Test
    void failsWhenTheJsonPointerIsAbsent() {
        String reason = onlyReason(run(SmokeTest.get("/version", 200).expectingJson("/commit", null)));

        assertThat(reason).startsWith("GET /version → 200 but JSON has no /commit; body starts \"{\\\"version\\\"");
    }

    @Test
    void aPointerWithoutExpectedValueOnlyNeedsTheValueToExist() {
        assertThat(run(SmokeTest.get("/version", 200).expectingJson("/build/sha", null)).passed()).isTrue();
    }

    @Test
    void replacesTheVersionPlaceholderBeforeSending() {
        PreviewGateway gateway = gateway(PREVIEW);
        SmokeTest echo = new SmokeTest("echo", "POST", "/echo/{version}?v={version}", Map.of("X-Build", "b-{version}"),
                "{\"version\":\"{version}\"}", 200, "\"version\":\"{version}\"", "/version", "{version}",
                Duration.ofSeconds(5));

        SmokeTests.Report report = run(gateway.port(), PREVIEW, CANDIDATE, echo);

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.results().get(0).request()).isEqualTo("POST /echo/v2?v=v2");
        PreviewGateway.Received received = gateway.received.poll();
        assertThat(received.target()).isEqualTo("/echo/v2?v=v2");
        assertThat(received.headers().get("X-build")).containsExactly("b-v2");
        assertThat(received.body()).isEqualTo("{\"version\":\"v2\"}");
    }

    @Test
    void sendsThePostBodyAndHeadersToTheServer() {
        PreviewGateway gateway = gateway(PREVIEW);
        SmokeTest create = new SmokeTest("create item", "POST", "/echo/items",
                Map.of("Content-Type", "application/json", "X-Request-Id", "smoke-1"), "{\"name\":\"widget\"}",
                200, "widget", null, null, Duration.ofSeconds(5));

        SmokeTests.Report report = run(gateway.port(), PREVIEW, CANDIDATE, create);

        assertThat(report.passed()).as(report.summary()).isTrue();
        PreviewGateway.Received received = gateway.received.poll();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.target()).isEqualTo("/echo/items");
        assertThat(received.headers().get("Content-type")).containsExactly("application/json");
        assertThat(received.headers().get("X-request-id")).containsExactly("smoke-1");
        assertThat(received.headers().get("X-slipway-version")).containsExactly(CANDIDATE);
        assertThat(received.body()).isEqualTo("{\"name\":\"widget\"}");
    }

    @Test
    void thePreviewHeaderReplacesATestsHeaderOfTheSameName() {
        PreviewGateway gateway = gateway(PREVIEW);
        SmokeTest sneaky = new SmokeTest("old", "GET", "/health", Map.of("x-slipway-version", "v1"), null, 200,
                null, null, null, Duration.ofSeconds(5));

        assertThat(run(gateway.port(), PREVIEW, CANDIDATE, sneaky).passed()).isTrue();
        assertThat(gateway.received.poll().headers().get("X-slipway-version")).containsExactly(CANDIDATE);
    }

    @Test
    void sendsThePreviewHeaderTheGatewayIsConfiguredWith() {
        PreviewGateway gateway = gateway("X-Preview");

        SmokeTests.Report named = run(gateway.port(), "X-Preview", CANDIDATE, SmokeTest.get("/health", 200));
        SmokeTests.Report other = run(gateway.port(), PREVIEW, CANDIDATE, SmokeTest.get("/health", 200));

        assertThat(named.passed()).as(named.summary()).isTrue();
        assertThat(onlyReason(other)).isEqualTo("GET /health → 503, expected 200;"
                + " body starts \"no routable upstream runs preview version (none)\"");
    }

    @Test
    void timesOutAndGoesOnToTheNextTest() {
        SmokeTests.Report report = run(
                SmokeTest.get("/slow", 200).withTimeout(Duration.ofMillis(200)),
                SmokeTest.get("/health", 200));

        SmokeTests.Result slow = report.results().get(0);
        assertThat(slow.passed()).isFalse();
        assertThat(slow.reason()).isEqualTo("GET /slow timed out after 200ms");
        assertThat(slow.status()).isZero();
        assertThat(slow.durationMs()).isGreaterThanOrEqualTo(200);
        assertThat(report.results().get(1).passed()).isTrue();
        assertThat(report.summary()).isEqualTo("1 of 2 smoke tests failed: GET /slow timed out after 200ms");
    }

    @Test
    void reportsAConnectionRefusedByAClosedPort() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        SmokeTests.Report report = run(closed, PREVIEW, CANDIDATE, SmokeTest.get("/health", 200));

        assertThat(onlyReason(report)).isEqualTo("GET /health → connection refused by gateway 127.0.0.1:" + closed);
        assertThat(report.results().get(0).status()).isZero();
        assertThat(report.passed()).isFalse();
    }

    @Test
    void keepsRunningAfterAFailureSoTheReportIsComplete() {
        SmokeTests.Report report = run(
                SmokeTest.get("/broken", 200),
                SmokeTest.get("/health", 200),
                SmokeTest.get("/stale", 200).expectingJson("/version", "{version}"));

        assertThat(report.results()).extracting(SmokeTests.Result::passed).containsExactly(false, true, false);
        assertThat(report.summary()).startsWith("2 of 3 smoke tests failed: GET /broken → 500, expected 200;");
    }

    @Test
    void runsTheTestsInOrder() {
        PreviewGateway gateway = gateway(PREVIEW);

        run(gateway.port(), PREVIEW, CANDIDATE, SmokeTest.get("/health", 200), SmokeTest.get("/version", 200),
                SmokeTest.get("/stale", 200));

        assertThat(gateway.received).extracting(PreviewGateway.Received::target)
                .containsExactly("/health", "/version", "/stale");
    }

    @Test
    void runReturnsBeforeAnyAnswerArrives() {
        PreviewGateway gateway = gateway(PREVIEW);

        CompletableFuture<SmokeTests.Report> future = smoke.run("127.0.0.1", gateway.port(), PREVIEW, CANDIDATE,
                List.of(SmokeTest.get("/slow", 200)));

        assertThat(future).as("the slow answer is held until released").isNotDone();
        gateway.release.countDown();
        assertThat(finished(future).passed()).isTrue();
    }

    @Test
    void aRunWithoutTestsPasses() {
        SmokeTests.Report report = run();

        assertThat(report.passed()).isTrue();
        assertThat(report.summary()).isEqualTo("no smoke tests to run");
    }

    @Test
    void aTestThatCannotBeSentForThisVersionFailsAlone() {
        PreviewGateway gateway = gateway(PREVIEW);

        SmokeTests.Report report = run(gateway.port(), PREVIEW, "v 2", SmokeTest.get("/items/{version}", 200),
                SmokeTest.get("/health", 200));

        assertThat(report.results().get(0).reason()).startsWith("GET /items/v 2 cannot be sent: smoke test");
        assertThat(report.results()).extracting(SmokeTests.Result::passed).containsExactly(false, false);
        assertThat(report.results().get(1).status()).as("the gateway knows no version \"v 2\"").isEqualTo(503);
    }

    @Test
    void rejectsBadArgumentsBeforeSendingAnything() {
        List<SmokeTest> tests = List.of(SmokeTest.get("/health", 200));

        assertThatThrownBy(() -> smoke.run("127.0.0.1", 0, PREVIEW, CANDIDATE, tests))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gateway port 0 is not a TCP port (1-65535)");
        assertThatThrownBy(() -> smoke.run(" ", 80, PREVIEW, CANDIDATE, tests))
                .hasMessage("gateway host \" \" is blank");
        assertThatThrownBy(() -> smoke.run("127.0.0.1", 80, "X Preview", CANDIDATE, tests))
                .hasMessage("preview header \"X Preview\" is not an HTTP header name");
        assertThatThrownBy(() -> smoke.run("127.0.0.1", 80, PREVIEW, "v2\r\nX-Evil: 1", tests))
                .hasMessage("version \"v2\r\nX-Evil: 1\" is blank or has a line break");
    }
}
