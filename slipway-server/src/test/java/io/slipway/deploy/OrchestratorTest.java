package io.slipway.deploy;

import io.slipway.config.AppConfig;
import io.slipway.config.TestConfigs;
import io.slipway.store.AppRepository;
import io.slipway.store.DeploymentRepository;
import io.slipway.store.Store;
import io.slipway.store.StoreLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Deployments driven end to end over fake processes and router, on a real SQLite store (PostgreSQL: the subclass). */
class OrchestratorTest {
    @TempDir
    Path dir;
    Store store;
    FakeProcesses processes = new FakeProcesses();
    FakeRouter router = new FakeRouter();
    Orchestrator orchestrator;
    AppConfig web = TestConfigs.app("web", List.of("unused"), Map.of());

    @BeforeEach
    void open() throws SQLException {
        store = Store.open(newStore(), Clock.systemUTC());
    }

    /** Where each test's new, empty store lives. */
    StoreLocation newStore() throws SQLException {
        return StoreLocation.sqlite(dir.resolve("slipway.db"));
    }

    @AfterEach
    void close() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        processes.stopAll();
        store.close();
    }

    private Orchestrator start(AppConfig app) {
        orchestrator = new Orchestrator(TestConfigs.config(dir, app), processes, router, new AppRepository(store),
                new DeploymentRepository(store), Clock.systemUTC(), Duration.ofMillis(20));
        orchestrator.start();
        return orchestrator;
    }

    private Deployment awaitOutcome(long id, Deployment.State state) {
        DeploymentRepository repo = new DeploymentRepository(store);
        await().atMost(Duration.ofSeconds(10)).until(() -> repo.find(id).orElseThrow().state() == state
                && !repo.find(id).orElseThrow().hasPendingSteps());
        return repo.find(id).orElseThrow();
    }

    private Deployment deployReady(String version) {
        processes.ready.add(version);
        return awaitOutcome(orchestrator.deploy("web", version, "alice").id(), Deployment.State.SUCCEEDED);
    }


    @Test
    void deploysBlueGreenAndRetiresThePreviousVersion() {
        start(web);
        Deployment first = deployReady("v1");
        assertThat(first.steps()).extracting(Step::state).containsOnly(Step.State.DONE);
        assertThat(router.stableVersion()).isEqualTo("v1");

        Deployment second = deployReady("v2");
        assertThat(router.stableVersion()).isEqualTo("v2");
        assertThat(router.published.get(1)).extracting(s -> s.version() + "@" + s.weight())
                .containsExactly("v2@100", "v1@0");
        assertThat(router.current("web")).extracting(s -> s.version()).containsExactly("v2");
        assertThat(processes.running).containsOnlyKeys("v2");
        assertThat(second.previousVersion()).isEqualTo("v1");
        assertThat(second.events()).extracting(DeploymentEvent::message)
                .anyMatch(m -> m.startsWith("1/1 instance(s) ready on /health/ready"))
                .anyMatch(m -> m.startsWith("traffic switched to v2"))
                .anyMatch(m -> m.startsWith("stopped v1"));
        assertThat(new AppRepository(store).find("web")).get()
                .satisfies(s -> assertThat(s.stableVersion() + "/" + s.previousVersion()).isEqualTo("v2/v1"));
    }

    @Test
    void neverReadyCandidateFailsAndStableKeepsAllTraffic() {
        start(TestConfigs.withReadyTimeout(web, Duration.ofMillis(600)));
        deployReady("v1");
        Deployment d = orchestrator.deploy("web", "v2", "alice");
        Deployment failed = awaitOutcome(d.id(), Deployment.State.FAILED);

        assertThat(failed.reason()).contains("v2 not ready within readyTimeout")
                .contains("0/1 instance(s) ready").contains("HTTP 503");
        assertThat(router.stableVersion()).isEqualTo("v1");
        assertThat(router.published).hasSize(1);
        await().until(() -> !processes.running.containsKey("v2"));
        assertThat(failed.steps()).extracting(Step::state).containsExactly(Step.State.DONE, Step.State.FAILED,
                Step.State.SKIPPED, Step.State.SKIPPED, Step.State.SKIPPED, Step.State.SKIPPED, Step.State.SKIPPED);
    }

    @Test
    void crashLoopingCandidateFailsWithTheSupervisorsReason() {
        start(web);
        deployReady("v1");
        processes.failed.put("v2", "crash loop: 3 exits in 1s, last exit code 1");
        Deployment failed = awaitOutcome(orchestrator.deploy("web", "v2", "alice").id(), Deployment.State.FAILED);
        assertThat(failed.reason()).isEqualTo("v2 failed before it was ready: crash loop: 3 exits in 1s, last exit code 1");
        assertThat(router.stableVersion()).isEqualTo("v1");
    }

    @Test
    void rollbackSwitchesBackToTheWarmPreviousVersion() {
        start(TestConfigs.withScaleDownDelay(web, Duration.ofMinutes(5)));
        deployReady("v1");
        processes.ready.add("v2");
        long v2 = orchestrator.deploy("web", "v2", "alice").id();
        await().until(() -> "v2".equals(router.stableVersion()));
        int v1Starts = processes.starts.get("v1");

        Deployment rollback = orchestrator.rollback("web", null, "bob");
        Deployment done = awaitOutcome(rollback.id(), Deployment.State.SUCCEEDED);

        assertThat(router.stableVersion()).isEqualTo("v1");
        assertThat(processes.starts.get("v1")).as("v1 was warm, not restarted").isEqualTo(v1Starts);
        assertThat(done.strategy()).isEqualTo(Deployment.Strategy.ROLLBACK);
        await().until(() -> !processes.running.containsKey("v2"));
        DeploymentRepository repo = new DeploymentRepository(store);
        await().until(() -> repo.find(v2).orElseThrow().state() == Deployment.State.ROLLED_BACK
                && !repo.find(v2).orElseThrow().hasPendingSteps());
        assertThat(repo.find(v2).orElseThrow().reason()).isEqualTo("rolled back to v1 by deployment #" + rollback.id());
        assertThat(processes.running).containsOnlyKeys("v1");
    }

    @Test
    void rollbackRestartsThePreviousVersionWhenItIsGone() {
        start(web);
        deployReady("v1");
        deployReady("v2");
        assertThat(processes.running).containsOnlyKeys("v2");
        awaitOutcome(orchestrator.rollback("web", null, "bob").id(), Deployment.State.SUCCEEDED);
        assertThat(processes.starts.get("v1")).isEqualTo(2);
        assertThat(router.stableVersion()).isEqualTo("v1");
    }

    @Test
    void rollbackBeforeTheSwitchAbortsTheCandidate() {
        start(web);
        deployReady("v1");
        Deployment d = orchestrator.deploy("web", "v2", "alice");
        Deployment rolledBack = orchestrator.rollback("web", null, "bob");
        assertThat(rolledBack.id()).isEqualTo(d.id());
        assertThat(rolledBack.state()).isEqualTo(Deployment.State.ROLLED_BACK);
        assertThat(rolledBack.reason()).isEqualTo("rolled back by bob before traffic moved");
        assertThat(router.stableVersion()).isEqualTo("v1");
        await().until(() -> !processes.running.containsKey("v2"));
    }

    @Test
    void resumesAnUnfinishedDeploymentAfterARestart() {
        start(web);
        deployReady("v1");
        long id = orchestrator.deploy("web", "v2", "alice").id();
        await().until(() -> new DeploymentRepository(store).find(id).orElseThrow().currentStep() == 1);
        orchestrator.close();

        processes.ready.add("v2");
        start(web);
        Deployment done = awaitOutcome(id, Deployment.State.SUCCEEDED);
        assertThat(processes.starts.get("v2")).as("candidate not started twice").isEqualTo(1);
        assertThat(done.events()).extracting(DeploymentEvent::message)
                .anyMatch(m -> m.equals("resumed after a Slipway restart at step ready"));
        assertThat(router.stableVersion()).isEqualTo("v2");
    }

    @Test
    void refusesBadRequestsWithTheOffendingValue() {
        start(web);
        assertThatThrownBy(() -> orchestrator.deploy("nope", "v1", "alice"))
                .isInstanceOf(DeployException.class).hasMessageContaining("app \"nope\" is not in slipway.yaml");
        assertThatThrownBy(() -> orchestrator.deploy("web", "v 1", "alice"))
                .isInstanceOf(DeployException.class).hasMessageContaining("version: \"v 1\" is not a valid version");
        assertThatThrownBy(() -> orchestrator.rollback("web", null, "alice"))
                .isInstanceOf(DeployException.class).hasMessageContaining("web has never been deployed");
        orchestrator.deploy("web", "v1", "alice");
        assertThatThrownBy(() -> orchestrator.deploy("web", "v2", "alice"))
                .isInstanceOf(DeployException.class).hasMessageContaining("is still running (step ready)")
                .extracting(e -> ((DeployException) e).kind()).isEqualTo(DeployException.Kind.CONFLICT);
    }
}
