package io.slipway.deploy;

import io.slipway.config.AppConfig;
import io.slipway.config.DatabaseConfig;
import io.slipway.config.MigrationsConfig;
import io.slipway.config.MigrationsConfig.OnRollback;
import io.slipway.config.TestConfigs;
import io.slipway.store.AppRepository;
import io.slipway.store.DeploymentRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The migrate step of deployments and the schema step of rollbacks, against a migration engine the test drives. */
class SchemaStepsTest {
    private static final SchemaChange EXPAND = new SchemaChange("1", "2", List.of("V2__add_email.sql"), List.of(),
            List.of(), "web-backup-1");
    @TempDir
    Path dir;
    Store store;
    DeploymentRepository repo;
    FakeProcesses processes = new FakeProcesses();
    FakeRouter router = new FakeRouter();
    FakeSchema schema = new FakeSchema(processes, router);
    Orchestrator orchestrator;

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("slipway.db"), Clock.systemUTC());
        repo = new DeploymentRepository(store);
    }

    @AfterEach
    void close() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        processes.stopAll();
        store.close();
    }

    @Test
    void migratesBeforeTheCandidateStartsAndRecordsWhatItApplied() {
        start(OnRollback.KEEP);
        deployReady("v1");
        schema.migrates(EXPAND);
        Deployment v2 = deployReady("v2");

        assertThat(v2.steps()).extracting(Step::name).startsWith("migrate", "start");
        assertThat(schema.calls).last().isEqualTo("migrate v2 previous=v1 by=alice (deployment #" + v2.id() + ")"
                + " running=[v1] stable=v1");
        assertThat(v2.schema()).isEqualTo(EXPAND);
        assertThat(v2.steps().get(0).detail())
                .isEqualTo("applied V2__add_email.sql (schema 1 → 2), backup web-backup-1 taken before");
    }

    @Test
    void aFailingMigrationAbortsBeforeTheCandidateStartsOrTrafficMoves() {
        start(OnRollback.KEEP);
        deployReady("v1");
        schema.migrate = () -> CompletableFuture.failedFuture(new IllegalStateException("V2__add_email.sql failed at"
                + " statement 1 (\"ALTER TABLE users ADD COLUMN email\"): no such table: users"));
        Deployment failed = awaitOutcome(orchestrator.deploy("web", "v2", "alice").id(), Deployment.State.FAILED);

        assertThat(failed.reason()).isEqualTo("migration failed, so v2 was not started and traffic did not move:"
                + " V2__add_email.sql failed at statement 1 (\"ALTER TABLE users ADD COLUMN email\"): no such table: users");
        assertThat(failed.steps()).extracting(Step::state).containsExactly(Step.State.FAILED, Step.State.SKIPPED,
                Step.State.SKIPPED, Step.State.SKIPPED, Step.State.SKIPPED, Step.State.SKIPPED, Step.State.SKIPPED,
                Step.State.SKIPPED);
        assertThat(processes.starts).doesNotContainKey("v2");
        assertThat(router.published).hasSize(1);
        assertThat(router.stableVersion()).isEqualTo("v1");
    }

    @Test
    void theMigrationRunsOffTheOrchestratorsTickAndTheDeploymentWaitsForIt() {
        start(OnRollback.KEEP);
        CompletableFuture<SchemaChange> running = new CompletableFuture<>();
        schema.migrate = () -> running;
        processes.ready.add("v1");
        Deployment d = orchestrator.deploy("web", "v1", "alice");

        assertThat(d.steps().get(0).detail()).isEqualTo("migrating web's database with v1's scripts");
        assertThat(orchestrator.pause("web", "bob").paused()).isEqualTo("paused by bob");
        orchestrator.resume("web", "bob");
        running.complete(new SchemaChange(null, "1", List.of("V1__init.sql"), List.of(), List.of(), "b"));
        assertThat(awaitOutcome(d.id(), Deployment.State.SUCCEEDED).schema().after()).isEqualTo("1");
        assertThat(schema.calls).hasSize(1);
    }

    @Test
    void deferredContractScriptsAreReportedWithWhenTheyCanRun() {
        start(OnRollback.KEEP);
        deployReady("v1");
        schema.migrates(new SchemaChange("1", "2", List.of("V2__add_email.sql"), List.of("V3__drop_name.sql"),
                List.of("v1"), "b"));
        Deployment v2 = deployReady("v2");

        assertThat(v2.steps().get(0).detail()).endsWith("; deferred V3__drop_name.sql while v1 run(s)");
        assertThat(messages(v2)).contains("deferred V3__drop_name.sql: V3__drop_name.sql is a contract migration"
                + " (-- slipway:contract) and v1 still run(s) as the warm rollback target, which may use what it removes."
                + " They can run once v1 is retired (after keep-warm, scaleDownDelay 0s): then slipway migrate up web,"
                + " or the next deployment");
    }

    @Test
    void aRollbackKeepsTheSchemaAndSaysWhyThePreviousVersionRunsOnIt() {
        start(OnRollback.KEEP);
        deployReady("v1");
        schema.migrates(EXPAND);
        deployReady("v2");
        Deployment rollback = rollBack();

        assertThat(rollback.steps()).extracting(Step::name).last().isEqualTo("schema");
        assertThat(detail(rollback, "schema")).startsWith("onRollback keep: the schema stays at 2 (deployment #2"
                + " applied V2__add_email.sql). v1 runs on it").endsWith("slipway migrate down web --to 1");
        assertThat(messages(rollback)).contains(detail(rollback, "schema"));
        assertThat(schema.calls).noneMatch(c -> c.startsWith("undo") || c.startsWith("restore"));
    }

    @Test
    void undoRunsTheUndoScriptsOnceThePreviousVersionServesAndTheOtherIsStopped() {
        start(OnRollback.UNDO);
        deployReady("v1");
        schema.migrates(EXPAND);
        deployReady("v2");
        schema.undo = () -> CompletableFuture.completedFuture(new SchemaChange("2", "1", List.of("U2__add_email.sql"),
                List.of(), List.of(), "b-2"));
        Deployment rollback = rollBack();

        assertThat(schema.calls).last().isEqualTo("undo v2 to=1 running=[v1] stable=v1");
        assertThat(detail(rollback, "schema")).isEqualTo("onRollback undo: ran U2__add_email.sql after traffic was"
                + " back on v1 and v2 stopped; the schema is back at 1, as before deployment #2; backup b-2 taken before");
        assertThat(rollback.schema().after()).isEqualTo("1");
    }

    @Test
    void anUndoThatCannotRunIsReportedAndTheSchemaKept() {
        start(OnRollback.UNDO);
        deployReady("v1");
        schema.migrates(EXPAND);
        deployReady("v2");
        schema.undo = () -> CompletableFuture.failedFuture(new IllegalStateException(
                "cannot undo version 2: no undo script (expected U2__add_email.sql)"));
        Deployment rollback = rollBack();

        Step step = rollback.steps().get(rollback.steps().size() - 1);
        assertThat(step.state()).isEqualTo(Step.State.FAILED);
        assertThat(step.detail()).isEqualTo("onRollback undo not done: cannot undo version 2: no undo script (expected"
                + " U2__add_email.sql). The schema stays at 2 (see slipway migrate status web), which v1 ran beside"
                + " during the deployment (expand scripts only)");
        assertThat(messages(rollback)).contains("step schema failed: " + step.detail());
        assertThat(rollback.state()).isEqualTo(Deployment.State.SUCCEEDED);
        assertThat(router.stableVersion()).isEqualTo("v1");
    }

    @Test
    void restoreRestoresThePreMigrationBackupAfterTrafficIsBackAndSaysWhatIsLost() {
        start(OnRollback.RESTORE);
        deployReady("v1");
        schema.migrates(EXPAND);
        deployReady("v2");
        Deployment rollback = rollBack();

        assertThat(schema.calls).last().isEqualTo("restore web-backup-1 running=[v1] stable=v1");
        assertThat(detail(rollback, "schema")).isEqualTo("onRollback restore: restored backup b-1, taken before"
                + " deployment #2 migrated (schema 1), after traffic was back on v1; v1 stopped for the swap. Writes"
                + " since that backup are lost; the database before the restore is in safety backup safety-1");
    }

    @Test
    void aCandidateThatFailsAfterMigratingLeavesTheSchemaAndSaysHowToTakeItBack() {
        start(OnRollback.UNDO);
        deployReady("v1");
        schema.migrates(EXPAND);
        processes.failed.put("v2", "crash loop: 3 exits in 1s");
        Deployment failed = awaitOutcome(orchestrator.deploy("web", "v2", "alice").id(), Deployment.State.FAILED);

        assertThat(messages(failed)).contains("the schema stays at 2 (applied V2__add_email.sql): expand scripts, which"
                + " v1 runs on; onRollback applies to rollbacks. To take them back: slipway migrate down web --to 1");
        assertThat(schema.calls).noneMatch(c -> c.startsWith("undo"));
    }

    @Test
    void aRollbackOfADeploymentThatAppliedNothingLeavesTheSchema() {
        start(OnRollback.UNDO);
        deployReady("v1");
        deployReady("v2");
        Deployment rollback = rollBack();

        assertThat(detail(rollback, "schema")).isEqualTo("schema untouched: deployment #2 of v2 applied no migrations");
        assertThat(schema.calls).noneMatch(c -> c.startsWith("undo"));
    }

    private Deployment rollBack() {
        Deployment started = orchestrator.rollback("web", null, "bob");
        return awaitOutcome(started.id(), Deployment.State.SUCCEEDED);
    }

    private void start(OnRollback policy) {
        AppConfig web = TestConfigs.withScaleDownDelay(TestConfigs.app("web", List.of("unused"), Map.of()),
                Duration.ofMinutes(5)).withData(new DatabaseConfig("sqlite", dir.resolve("web.db"), null, 0, null, null,
                null).withMigrations(new MigrationsConfig(dir.toString(), Duration.ZERO, policy)), null);
        if (policy == OnRollback.KEEP) {
            web = TestConfigs.withScaleDownDelay(web, Duration.ZERO).withData(web.database(), null);
        }
        orchestrator = new Orchestrator(TestConfigs.config(dir, web), processes, router, new AppRepository(store), repo,
                Clock.systemUTC(), Duration.ofMillis(20), Analyzers.NONE, Analyzers.NO_SMOKE, schema);
        orchestrator.start();
    }

    private Deployment deployReady(String version) {
        processes.ready.add(version);
        Deployment d = orchestrator.deploy("web", version, "alice");
        await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(repo.find(d.id()).orElseThrow().state().name()));
        return repo.find(d.id()).orElseThrow();
    }

    private Deployment awaitOutcome(long id, Deployment.State state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> repo.find(id).orElseThrow().state() == state
                && !repo.find(id).orElseThrow().hasPendingSteps());
        return repo.find(id).orElseThrow();
    }

    private static String detail(Deployment d, String step) {
        return d.steps().stream().filter(s -> s.name().equals(step)).findFirst().orElseThrow().detail();
    }

    private static List<String> messages(Deployment d) {
        return d.events().stream().map(DeploymentEvent::message).toList();
    }
}
