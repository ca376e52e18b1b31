package io.slipway.store;

import io.slipway.deploy.Deployment;
import io.slipway.deploy.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {
    @TempDir
    Path dir;

    @Test
    void createsSchemaOnceAndSurvivesReopen() {
        Path file = dir.resolve("slipway.db");
        try (Store store = Store.open(file, Clock.systemUTC())) {
            new AppRepository(store).save("web", "v1", null);
        }
        try (Store store = Store.open(file, Clock.systemUTC())) {
            assertThat(new AppRepository(store).find("web")).get()
                    .extracting(AppRepository.AppState::stableVersion).isEqualTo("v1");
            int applied = store.read(c -> Sql.one(c, "SELECT count(*) FROM slipway_schema_history",
                    rs -> rs.getInt(1)).orElseThrow());
            assertThat(applied).as("V1__init, V2__canary, V3__flags, each once").isEqualTo(3);
        }
    }

    @Test
    void refusesToStartWhenAnAppliedScriptWasEdited() {
        Path file = dir.resolve("slipway.db");
        try (Store store = Store.open(file, Clock.systemUTC())) {
            store.write(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("UPDATE slipway_schema_history SET checksum = 42 WHERE version = 1");
                }
            });
        }
        assertThatThrownBy(() -> Store.open(file, Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("V1__init.sql was edited after it was applied");
    }

    @Test
    void recordsDeploymentStepsEventsAndOutcome() {
        try (Store store = Store.open(dir.resolve("s.db"), Clock.systemUTC())) {
            DeploymentRepository deployments = new DeploymentRepository(store);
            Deployment d = deployments.create("web", "v2", "v1", Deployment.Strategy.BLUE_GREEN, "alice",
                    List.of("start", "ready", "switch"));
            deployments.updateStep(d.id(), 0, Step.State.RUNNING, null);
            deployments.updateStep(d.id(), 0, Step.State.DONE, "started 1 instance");
            deployments.moveTo(d.id(), 1);
            deployments.event(d.id(), "candidate v2 started");

            assertThat(deployments.active()).extracting(Deployment::id).containsExactly(d.id());
            Deployment read = deployments.find(d.id()).orElseThrow();
            assertThat(read.currentStep()).isEqualTo(1);
            assertThat(read.steps().get(0).state()).isEqualTo(Step.State.DONE);
            assertThat(read.steps().get(0).startedAt()).isNotNull();
            assertThat(read.steps().get(0).finishedAt()).isNotNull();
            assertThat(read.steps().get(0).detail()).isEqualTo("started 1 instance");
            assertThat(read.events()).extracting(e -> e.message()).containsExactly("candidate v2 started");

            deployments.finish(d.id(), Deployment.State.FAILED, "never ready");
            for (int i = 1; i < 3; i++) {
                deployments.updateStep(d.id(), i, Step.State.SKIPPED, null);
            }
            assertThat(deployments.active()).isEmpty();
            assertThat(deployments.list("web", 10)).singleElement()
                    .satisfies(x -> assertThat(x.reason()).isEqualTo("never ready"));
        }
    }

    @Test
    void routeGenerationsOnlyGrow() {
        try (Store store = Store.open(dir.resolve("s.db"), Clock.systemUTC())) {
            RouteRepository routes = new RouteRepository(store);
            assertThat(routes.save("web", "[]")).isEqualTo(1);
            assertThat(routes.save("web", "[1]")).isEqualTo(2);
            assertThat(routes.save("api", "[]")).isEqualTo(1);
            assertThat(routes.find("web")).get().extracting(RouteRepository.StoredRoutes::slotsJson).isEqualTo("[1]");
        }
    }

    @Test
    void splitsScriptsIntoStatements() {
        assertThat(SchemaMigrations.statements("-- c\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n y INT\n);\n"))
                .hasSize(2);
    }
}
