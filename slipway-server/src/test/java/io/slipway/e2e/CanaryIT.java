package io.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SPEC §3-§4 with real processes under steady traffic: a healthy v2 is promoted step by step by its
 * analyses, a v3 failing 5 % of requests is rolled back automatically with the evidence recorded,
 * and no request fails except v3's own simulated errors.
 */
class CanaryIT extends EndToEnd {
    private static final String[] ROLLOUT = {
        "strategy: canary",
        "canary: { steps: [ {setWeight: 30}, {analysis: quick}, {setWeight: 60}, {analysis: quick} ] }",
        "analysis: { quick: { interval: 3s, minSamples: 100, checks: [ {metric: errorRate, max: 0.01},"
                + " {metric: p95, max: 1000}, {metric: successRate, min: 0.999}, {compare: errorRate} ] } }",
        "scaleDownDelay: 5s"};

    @Test
    void promotesAHealthyCanaryAndRollsBackAFailingOne() throws Exception {
        setup = TestSetup.write(dir, Map.of("SAMPLE_ERROR_RATE_V3", "0.05"), ROLLOUT);
        server = SlipwayProcess.server(setup.config);
        SlipwayProcess v1 = setup.cli("deploy", "sample", "v1");
        assertThat(v1.process.exitValue()).as(v1.text()).isZero();
        assertThat(v1.text()).contains("deployed blue-green: a canary needs a stable version beside it");

        ClientLoop loop = new ClientLoop(setup.gatewayPort).start(250);
        loop.awaitServed("v1", 250);

        SlipwayProcess v2 = setup.cli("deploy", "sample", "v2");
        assertThat(v2.process.exitValue()).as(v2.text()).isZero();
        assertThat(v2.text()).contains("v2 at 30 % of traffic").contains("v2 at 60 % of traffic")
                .contains("analysis quick SUCCESSFUL").contains("(canary) SUCCEEDED");
        loop.awaitServed("v2", 250);

        SlipwayProcess v3 = setup.cli("deploy", "sample", "v3");
        assertThat(v3.process.exitValue()).as(v3.text()).isEqualTo(1);
        assertThat(v3.text()).contains("(canary) ROLLED_BACK").containsPattern("\\[FAIL\\] +(guard )?error ?[Rr]ate");
        long servedAfterRollback = loop.served("v2");
        loop.awaitServed("v2", 250);
        loop.close();

        List<String> last = loop.versions.subList(loop.versions.size() - 200, loop.versions.size());
        assertThat(last).as("stable serves everything again").containsOnly("v2");
        assertThat(loop.served("v2")).isGreaterThan(servedAfterRollback);
        assertThat(loop.failures).as("only v3's own simulated errors failed")
                .allMatch(f -> f.startsWith("HTTP 500") && f.contains("simulated failure") && f.contains("v3"));

        SlipwayProcess status = setup.cli("status", "sample");
        assertThat(status.text()).contains("stable    v2").contains("(rollback)").contains("why: rolling sample back"
                + " from v3 to v2");
    }

    @Test
    void theGuardRollsBackACanaryWhoseLatencyPassesTheP95Bound() throws Exception {
        setup = TestSetup.write(dir, Map.of("SAMPLE_LATENCY_MS_V2", "1500"), "strategy: canary",
                "canary: { steps: [ {setWeight: 30}, {pause: {}} ] }", "scaleDownDelay: 5s");
        server = SlipwayProcess.server(setup.config);
        assertThat(setup.cli("deploy", "sample", "v1").process.exitValue()).isZero();
        ClientLoop loop = new ClientLoop(setup.gatewayPort).start(200);
        loop.awaitServed("v1", 200);

        SlipwayProcess v2 = setup.cli("deploy", "sample", "v2", "--detach");
        assertThat(v2.process.exitValue()).as(v2.text()).isZero();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> setup.cli("status", "sample").text().contains("why: rolling sample back from v2"));
        SlipwayProcess status = setup.cli("status", "sample");
        loop.awaitServed("v1", 200);
        loop.close();
        assertThat(status.text()).contains("guard p95").containsPattern("of requests took longer than 1000 ms");
        assertThat(loop.failures).as("slow, but never failed").isEmpty();
        assertThat(loop.served("v2")).as("some users waited 1.5 s before the guard acted").isPositive();
    }

    @Test
    void aFailedSmokeTestEndsTheDeploymentBeforeAnyUserReachesTheCandidate() throws Exception {
        setup = TestSetup.write(dir, Map.of("SAMPLE_ERROR_RATE_V2", "1"), "strategy: canary",
                "smoke: [ { path: /, json: { pointer: /version, equals: \"{version}\" } } ]");
        server = SlipwayProcess.server(setup.config);
        assertThat(setup.cli("deploy", "sample", "v1").process.exitValue()).isZero();
        ClientLoop loop = new ClientLoop(setup.gatewayPort).start(100);
        loop.awaitServed("v1", 100);

        SlipwayProcess v2 = setup.cli("deploy", "sample", "v2");
        loop.awaitServed("v1", 100);
        loop.close();
        assertThat(v2.process.exitValue()).as(v2.text()).isEqualTo(1);
        assertThat(v2.text()).contains("(canary) FAILED").contains("1 of 1 smoke test failed: GET / → 500,"
                + " expected 200; body starts");
        assertThat(loop.served("v2")).isZero();
        assertThat(loop.failures).isEmpty();

        SlipwayProcess promote = setup.cli("promote", "sample");
        assertThat(promote.process.exitValue()).isNotZero();
        assertThat(promote.text()).contains("no deployment of sample is running; nothing to promote");
    }

    @Test
    void shadowTrafficPromotesAnIdenticalCandidateAndRollsBackOneWhoseAnswersDiffer() throws Exception {
        setup = TestSetup.write(dir, Map.of("SAMPLE_DATA_DRIFT_V3", "0.2"), "strategy: canary",
                "canary: { steps: [ {shadow: 100}, {analysis: shadow} ] }",
                "analysis: { shadow: { interval: 3s, minSamples: 50, checks: [ {metric: mirrorMismatchRate,"
                        + " max: 0.01} ] } }", "scaleDownDelay: 5s");
        server = SlipwayProcess.server(setup.config);
        assertThat(setup.cli("deploy", "sample", "v1").process.exitValue()).isZero();
        ClientLoop loop = new ClientLoop(setup.gatewayPort, "/data").start(100);
        loop.awaitServed("v1", 100);

        SlipwayProcess v2 = setup.cli("deploy", "sample", "v2");
        assertThat(v2.process.exitValue()).as(v2.text()).isZero();
        assertThat(v2.text()).contains("v2 in shadow").contains("[PASS]").contains("mirrorMismatchRate 0 %");
        loop.awaitServed("v2", 100);

        SlipwayProcess v3 = setup.cli("deploy", "sample", "v3");
        loop.awaitServed("v2", 100);
        loop.close();
        assertThat(v3.process.exitValue()).as(v3.text()).isEqualTo(1);
        assertThat(v3.text()).contains("(canary) ROLLED_BACK").containsPattern("\\[FAIL\\] +mirrorMismatchRate");
        assertThat(loop.served("v3")).as("a shadow never answers a client").isZero();
        assertThat(loop.failures).isEmpty();
    }

    @Test
    void promotesAndRollsBackOnWhatPrometheusAndTheAppsOwnMetricsSay() throws Exception {
        try (io.slipway.analysis.FakePrometheus prometheus = io.slipway.analysis.FakePrometheus.start()) {
            // Prometheus answers the templated query per version: v2's database is fine, v3's is not.
            prometheus.answerAll(q -> io.slipway.analysis.FakePrometheus.Reply.vector(
                    q.contains("version=\"v3\"") ? 0.2 : 0.001));
            setup = TestSetup.write(dir, Map.of(), "strategy: canary",
                    "canary: { steps: [ {setWeight: 50}, {analysis: db} ] }",
                    "metrics: { prometheus: " + prometheus.url() + ", queries: {"
                            + " dbErrorRatio: { prometheus: 'sum(rate(db_errors_total{app=\"{{app}}\",version=\"{{version}}\"}[{{window}}]))' },"
                            + " appRequests: { app: sample_requests_total } } }",
                    "analysis: { db: { interval: 3s, minSamples: 50, checks: [ {metric: dbErrorRatio, max: 0.01},"
                            + " {metric: appRequests, min: 10}, {metric: errorRate, max: 0.01} ] } }", "scaleDownDelay: 5s");
            server = SlipwayProcess.server(setup.config);
            assertThat(setup.cli("deploy", "sample", "v1").process.exitValue()).isZero();
            ClientLoop loop = new ClientLoop(setup.gatewayPort).start(100);
            loop.awaitServed("v1", 100);

            SlipwayProcess v2 = setup.cli("deploy", "sample", "v2");
            assertThat(v2.process.exitValue()).as(v2.text()).isZero();
            assertThat(v2.text()).contains("dbErrorRatio 0.001 <= 0.01").containsPattern("appRequests [0-9]+ >= 10");
            SlipwayProcess v3 = setup.cli("deploy", "sample", "v3");
            loop.close();
            assertThat(v3.process.exitValue()).as(v3.text()).isEqualTo(1);
            assertThat(v3.text()).contains("(canary) ROLLED_BACK").contains("dbErrorRatio 0.2 > 0.01");
            assertThat(prometheus.queries()).extracting(io.slipway.analysis.FakePrometheus.Query::query)
                    .contains("sum(rate(db_errors_total{app=\"sample\",version=\"v3\"}[3s]))");
            assertThat(loop.failures).isEmpty();
        }
    }
}
