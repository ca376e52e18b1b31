package io.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slipway.analysis.AnalysisLimits;
import io.slipway.analysis.AnalysisTemplate;
import io.slipway.analysis.Guard;
import io.slipway.analysis.Phase;
import io.slipway.analysis.TestClock;
import io.slipway.analysis.ThresholdCheck;
import io.slipway.config.AppConfig;
import io.slipway.config.CanaryStep;
import io.slipway.config.RolloutConfig;
import io.slipway.config.SmokeTest;
import io.slipway.config.TestConfigs;
import io.slipway.gateway.Slot;
import io.slipway.store.AppRepository;
import io.slipway.store.DeploymentRepository;
import io.slipway.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary deployments through the orchestrator with fake edges: real store, real step persistence,
 * traffic and smoke results set by the test, time moved by a test clock.
 */
class CanaryTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final FakeAnalyzer.Traffic HEALTHY = new FakeAnalyzer.Traffic(3000, 0.002, 40);

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    final FakeProcesses processes = new FakeProcesses();
    final FakeRouter router = new FakeRouter();
    final FakeAnalyzer analyzer = new FakeAnalyzer();
    final AtomicReference<Smoke.Result> smokeResult = new AtomicReference<>(new Smoke.Result(true, "1/1 passed", List.of()));
    Store store;
    DeploymentRepository deployments;
    Orchestrator orchestrator;

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("slipway.db"), clock);
        deployments = new DeploymentRepository(store);
    }

    @AfterEach
    void close() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        processes.stopAll();
        store.close();
    }

    private static AppConfig app(List<CanaryStep> steps, Guard guard, List<SmokeTest> smoke) {
        AnalysisTemplate template = new AnalysisTemplate(List.of(ThresholdCheck.errorRateAtMost(0.01)
                .withMinSamples(2000)), new AnalysisLimits(1, 0, 0, 4));
        RolloutConfig rollout = new RolloutConfig("canary", steps, smoke,
                Map.of("default", new RolloutConfig.Template(template, INTERVAL)), guard, RolloutConfig.Metrics.NONE);
        return TestConfigs.app("web", List.of("unused"), Map.of()).withRollout(rollout);
    }

    private void start(AppConfig app) {
        orchestrator = new Orchestrator(TestConfigs.config(dir, app), processes, router, new AppRepository(store),
                deployments, clock, Duration.ofMillis(20), analyzer,
                (a, v) -> CompletableFuture.completedFuture(smokeResult.get()));
        orchestrator.start();
        processes.ready.add("v1");
        long first = orchestrator.deploy("web", "v1", "alice").id();
        await().until(() -> done(first));
        analyzer.traffic.put("v1", HEALTHY);
    }

    private boolean done(long id) {
        Deployment d = deployments.find(id).orElseThrow();
        return d.state().finished() && !d.hasPendingSteps();
    }

    private Deployment deployCanary(String version) {
        processes.ready.add(version);
        return orchestrator.deploy("web", version, Deployment.Strategy.CANARY, "bob");
    }

    private Deployment awaitStep(long id, String step) {
        await().until(() -> deployments.find(id).orElseThrow().step(deployments.find(id).orElseThrow().currentStep())
                .map(s -> s.name().equals(step)).orElse(false));
        return deployments.find(id).orElseThrow();
    }

    private void passTime(Duration d) {
        clock.advance(d);
        orchestrator.wake();
    }

    @Test
    void promotesStepByStepWhenTheAnalysisPasses() {
        start(app(List.of(CanaryStep.setWeight(20), CanaryStep.analysis("default"), CanaryStep.setWeight(50),
                CanaryStep.pause(Duration.ofMinutes(1))), null, List.of()));
        analyzer.traffic.put("v2", HEALTHY);
        long id = deployCanary("v2").id();

        awaitStep(id, "analysis default");
        assertThat(router.current("web")).extracting(s -> s.version() + "@" + s.weight())
                .containsExactly("v1@80", "v2@20");
        passTime(INTERVAL);
        awaitStep(id, "pause 1m");
        assertThat(router.current("web")).extracting(s -> s.version() + "@" + s.weight())
                .containsExactly("v1@50", "v2@50");
        passTime(Duration.ofMinutes(1));
        await().until(() -> done(id));

        Deployment d = deployments.find(id).orElseThrow();
        assertThat(d.state()).isEqualTo(Deployment.State.SUCCEEDED);
        assertThat(d.steps()).extracting(Step::name).containsExactly("start", "ready", "smoke", "set-weight 20",
                "analysis default", "set-weight 50", "pause 1m", "switch", "drain", "keep-warm", "retire");
        assertThat(d.analyses()).singleElement().satisfies(a -> {
            assertThat(a.phase()).isEqualTo(Phase.SUCCESSFUL);
            assertThat(a.checks().get(0).evidence().candidateSamples()).isEqualTo(3000);
        });
        assertThat(router.stableVersion()).isEqualTo("v2");
    }

    @Test
    void rollsBackWithTheEvidenceWhenTheAnalysisFails() {
        start(app(List.of(CanaryStep.setWeight(20), CanaryStep.analysis("default")), null, List.of()));
        analyzer.traffic.put("v2", new FakeAnalyzer.Traffic(3000, 0.05, 40));
        long id = deployCanary("v2").id();
        awaitStep(id, "analysis default");
        passTime(INTERVAL);

        await().until(() -> deployments.find(id).orElseThrow().state() == Deployment.State.ROLLED_BACK);
        Deployment d = deployments.find(id).orElseThrow();
        assertThat(d.reason()).startsWith("analysis default FAILED").contains("errorRate 5 % > 1 %");
        assertThat(d.analyses()).singleElement().extracting(AnalysisRecord::phase).isEqualTo(Phase.FAILED);
        await().until(() -> !processes.running.containsKey("v2"));
        assertThat(router.current("web")).extracting(Slot::version).containsExactly("v1");
        Deployment rollback = deployments.list("web", 1).get(0);
        assertThat(rollback.strategy()).isEqualTo(Deployment.Strategy.ROLLBACK);
        assertThat(rollback.requestedBy()).isEqualTo("analysis");
    }

    @Test
    void tooLittleTrafficPausesAndPromoteGoesOn() {
        start(app(List.of(CanaryStep.setWeight(20), CanaryStep.analysis("default")), null, List.of()));
        analyzer.traffic.put("v2", new FakeAnalyzer.Traffic(300, 0.0, 40));
        long id = deployCanary("v2").id();
        awaitStep(id, "analysis default");
        passTime(INTERVAL);

        await().until(() -> deployments.find(id).orElseThrow().paused() != null);
        Deployment paused = deployments.find(id).orElseThrow();
        assertThat(paused.state()).isEqualTo(Deployment.State.RUNNING);
        assertThat(paused.paused()).contains("INCONCLUSIVE").contains("fewer than the 2000 needed");
        passTime(INTERVAL);
        assertThat(deployments.find(id).orElseThrow().currentStep()).as("stays paused").isEqualTo(paused.currentStep());

        orchestrator.promote("web", false, "carol");
        await().until(() -> done(id));
        assertThat(deployments.find(id).orElseThrow().state()).isEqualTo(Deployment.State.SUCCEEDED);
        assertThat(router.stableVersion()).isEqualTo("v2");
    }

    @Test
    void theGuardRollsBackAFailingCandidateDuringAPause() {
        start(app(List.of(CanaryStep.setWeight(20), CanaryStep.pause(null)), Guard.DEFAULTS, List.of()));
        analyzer.traffic.put("v2", HEALTHY);
        long id = deployCanary("v2").id();
        await().until(() -> deployments.find(id).orElseThrow().paused() != null);

        analyzer.traffic.put("v2", new FakeAnalyzer.Traffic(50, 1.0, 40));
        passTime(RolloutGuard.EVERY);
        await().until(() -> deployments.find(id).orElseThrow().state() == Deployment.State.ROLLED_BACK);
        Deployment d = deployments.find(id).orElseThrow();
        assertThat(d.reason()).startsWith("guard error rate: 100 % of requests failed (5xx)");
        assertThat(d.analyses()).last().satisfies(a -> {
            assertThat(a.name()).isEqualTo("guard");
            assertThat(a.phase()).isEqualTo(Phase.FAILED);
            assertThat(a.checks()).hasSize(3);
        });
        await().until(() -> router.current("web").stream().map(Slot::version).toList().equals(List.of("v1")));
    }

    @Test
    void theGuardRollsBackABlueGreenDeploymentWhileThePreviousVersionIsWarm() {
        AppConfig app = TestConfigs.withScaleDownDelay(app(List.of(), Guard.DEFAULTS, List.of()), Duration.ofMinutes(5));
        start(app);
        analyzer.traffic.put("v2", HEALTHY);
        processes.ready.add("v2");
        long id = orchestrator.deploy("web", "v2", Deployment.Strategy.BLUE_GREEN, "bob").id();
        awaitStep(id, "keep-warm");
        assertThat(router.stableVersion()).isEqualTo("v2");

        analyzer.traffic.put("v2", new FakeAnalyzer.Traffic(2000, 0.2, 40));
        passTime(RolloutGuard.EVERY);
        await().until(() -> "v1".equals(router.stableVersion()));
        assertThat(deployments.find(id).orElseThrow().state()).isEqualTo(Deployment.State.ROLLED_BACK);
        assertThat(deployments.find(id).orElseThrow().reason()).startsWith("guard error rate: 20 %");
    }

    @Test
    void aFailedSmokeTestFailsTheDeploymentBeforeAnyTraffic() {
        start(app(List.of(CanaryStep.setWeight(20)), Guard.DEFAULTS, List.of()));
        smokeResult.set(new Smoke.Result(false, "1 of 1 smoke tests failed: GET /version -> 500, expected 200",
                List.of("GET /version -> 500, expected 200")));
        AppConfig withSmoke = app(List.of(CanaryStep.setWeight(20)), Guard.DEFAULTS, List.of(new SmokeTest("version",
                "GET", "/version", Map.of(), null, 200, null, null, null, Duration.ofSeconds(1))));
        orchestrator.close();
        start2(withSmoke);
        long id = deployCanary("v2").id();
        await().until(() -> done(id));
        Deployment d = deployments.find(id).orElseThrow();
        assertThat(d.state()).isEqualTo(Deployment.State.FAILED);
        assertThat(d.reason()).contains("GET /version -> 500");
        assertThat(router.published).as("v2 only ever at 0 %, for the smoke tests' previews")
                .noneMatch(t -> t.stream().anyMatch(s -> s.version().equals("v2") && s.weight() > 0));
        await().until(() -> router.current("web").stream().noneMatch(s -> s.version().equals("v2")));
    }

    private void start2(AppConfig app) {
        orchestrator = new Orchestrator(TestConfigs.config(dir, app), processes, router, new AppRepository(store),
                deployments, clock, Duration.ofMillis(20), analyzer,
                (a, v) -> CompletableFuture.completedFuture(smokeResult.get()));
        orchestrator.start();
    }

    @Test
    void abortSendsTrafficBackAndDecisionsNeedARunningCanary() {
        start(app(List.of(CanaryStep.setWeight(30), CanaryStep.pause(null)), null, List.of()));
        assertThatThrownBy(() -> orchestrator.promote("web", false, "x")).hasMessageContaining("no deployment of web"
                + " is running; nothing to promote");
        long id = deployCanary("v2").id();
        await().until(() -> deployments.find(id).orElseThrow().paused() != null);
        assertThatThrownBy(() -> orchestrator.pause("web", "x")).hasMessageContaining("already paused");

        orchestrator.abort("web", "dave");
        Deployment d = deployments.find(id).orElseThrow();
        assertThat(d.state()).isEqualTo(Deployment.State.ROLLED_BACK);
        assertThat(d.reason()).isEqualTo("aborted by dave");
        await().until(() -> router.current("web").stream().map(Slot::version).toList().equals(List.of("v1")));
        await().until(() -> !processes.running.containsKey("v2"));
    }

    @Test
    void promoteFullSkipsTheCanaryStepsLeft() {
        start(app(List.of(CanaryStep.setWeight(10), CanaryStep.pause(null), CanaryStep.setWeight(50),
                CanaryStep.analysis("default")), null, List.of()));
        long id = deployCanary("v2").id();
        await().until(() -> deployments.find(id).orElseThrow().paused() != null);
        orchestrator.promote("web", true, "erin");
        await().until(() -> done(id));
        Deployment d = deployments.find(id).orElseThrow();
        assertThat(d.state()).isEqualTo(Deployment.State.SUCCEEDED);
        assertThat(d.steps()).filteredOn(s -> s.state() == Step.State.SKIPPED).extracting(Step::name)
                .containsExactly("set-weight 50", "analysis default");
        assertThat(router.published).noneMatch(t -> t.stream().anyMatch(s -> s.weight() == 50));
    }
}
