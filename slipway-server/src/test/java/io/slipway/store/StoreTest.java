package io.slipway.store;

import io.slipway.deploy.Deployment;
import io.slipway.deploy.Step;
import io.slipway.backup.PostgresTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StoreTest {
    @RegisterExtension
    static final TestStores stores = new TestStores();
    @TempDir
    Path dir;

    private Store open(Backend backend) throws SQLException {
        return stores.open(backend, dir, Clock.systemUTC());
    }

    @Test
    void aPostgresStoreThatIsDownIsReportedUnreachableWithoutWaitingForTheConnectTimeout() throws SQLException {
        PostgresTarget database = stores.postgres().createDatabase();
        Store store = stores.open(StoreLocation.postgres(database), Clock.systemUTC());
        assertThat(store.reachable()).isTrue();

        stores.postgres().refuseConnections(database);
        // the pool tries to connect for up to 10 s; the check answers after Store.REACHABLE_WAIT (2 s)
        await().atMost(Duration.ofSeconds(6)).until(() -> !store.reachable());
        assertThat(store.reachable()).as("asked again while the first check still waits").isFalse();

        stores.postgres().allowConnections(database);
        await().atMost(Duration.ofSeconds(15)).until(store::reachable);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void migratesTheSchemaOnceWithTheEngineAndSurvivesReopen(Backend backend) throws SQLException {
        StoreLocation location = stores.location(backend, dir);
        try (Store store = Store.open(location, Clock.systemUTC())) {
            new AppRepository(store).save("web", "v1", null);
        }
        try (Store store = Store.open(location, Clock.systemUTC())) {
            assertThat(new AppRepository(store).find("web")).get()
                    .extracting(AppRepository.AppState::stableVersion).isEqualTo("v1");
            List<String> history = store.read(c -> Sql.query(c, "SELECT version, script FROM slipway_migration_history"
                    + " WHERE type = 'SQL' AND success ORDER BY installed_rank", rs -> rs.getString(1) + " "
                    + rs.getString(2)));
            assertThat(history).as("every script, each once").containsExactly("1 V1__init.sql", "2 V2__canary.sql",
                    "3 V3__flags.sql", "4 V4__flag_events.sql", "5 V5__backups.sql", "6 V6__deployment_schema.sql");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void refusesToOpenWhenAnAppliedScriptWasEdited(Backend backend) throws SQLException {
        StoreLocation location = stores.location(backend, dir);
        try (Store store = Store.open(location, Clock.systemUTC())) {
            store.write(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("UPDATE slipway_migration_history SET checksum = 42 WHERE version = '1'");
                }
            });
        }
        assertThatThrownBy(() -> Store.open(location, Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot migrate store " + location.describe())
                .hasMessageContaining("V1__init.sql");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void recordsDeploymentStepsEventsAndOutcome(Backend backend) throws SQLException {
        Store store = open(backend);
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
        assertThat(deployments.create("web", "v3", "v2", Deployment.Strategy.BLUE_GREEN, "bob", List.of()).id())
                .as("ids are assigned by the database, in order").isEqualTo(d.id() + 1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void routeGenerationsOnlyGrow(Backend backend) throws SQLException {
        Store store = open(backend);
        RouteRepository routes = new RouteRepository(store);
        assertThat(routes.save("web", "[]")).isEqualTo(1);
        assertThat(routes.save("web", "[1]")).isEqualTo(2);
        assertThat(routes.save("api", "[]")).isEqualTo(1);
        assertThat(routes.find("web")).get().extracting(RouteRepository.StoredRoutes::slotsJson).isEqualTo("[1]");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anotherProcessSeesRouteChangesThroughItsOwnReader(Backend backend) throws SQLException {
        Store store = open(backend);
        try (RouteReader reader = RouteReader.open(store.location(), "test-gateway")) {
            RouteRepository routes = new RouteRepository(store);
            routes.save("web", "[]");
            long before = reader.version();
            assertThat(reader.version()).as("nothing changed").isEqualTo(before);
            routes.save("web", "[1]");
            assertThat(reader.version()).isNotEqualTo(before);
            assertThat(reader.readAll()).extracting(RouteRepository.StoredRoutes::generation).containsExactly(2L);
        }
    }

    @Test
    void scriptsMakeTheSameTablesAndColumnsOnBothDatabases() throws SQLException {
        Store sqlite = open(Backend.SQLITE);
        Store postgres = open(Backend.POSTGRES);
        Map<String, List<String>> tables = sqlite.read(StoreTest::columns);
        assertThat(tables).containsKeys("apps", "deployments", "flags", "backups", "slipway_migration_history");
        assertThat(postgres.read(StoreTest::columns)).isEqualTo(tables);
    }

    /** Each table's columns, in order. */
    private static Map<String, List<String>> columns(java.sql.Connection c) throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getColumns(null, c.getMetaData().getURL().startsWith("jdbc:sqlite") ? null : "public",
                "%", "%")) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").startsWith("sqlite_")) {
                    continue;
                }
                tables.computeIfAbsent(rs.getString("TABLE_NAME"), t -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
            }
        }
        return tables;
    }
}
