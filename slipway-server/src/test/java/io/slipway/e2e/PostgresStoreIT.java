package io.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import io.slipway.backup.PostgresTarget;
import io.slipway.migrate.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code slipway server} on a PostgreSQL store ({@code server.store: postgres://…}), with real processes: a
 * blue-green deployment under traffic, flags kept in PostgreSQL, a SIGKILL mid-deployment resumed from the
 * database, and the database going away and coming back while the gateway keeps serving.
 */
class PostgresStoreIT extends EndToEnd {
    @RegisterExtension
    static final PostgresServer pg = new PostgresServer();
    private PostgresTarget store;
    private ClientLoop loop;

    /** v1 deployed on a new store database, traffic flowing; v3 takes 4 s to get ready, so a kill lands meanwhile. */
    @BeforeEach
    void deployV1UnderTraffic() throws Exception {
        store = pg.createDatabase();
        // The embedded server trusts its superuser: no password, and so no SLIPWAY_STORE_PASSWORD either.
        setup = TestSetup.write(dir, "postgres://" + store.describe(), Map.of("SAMPLE_START_DELAY_MS_V3", "4000"));
        server = SlipwayProcess.server(setup.config);
        SlipwayProcess v1 = setup.cli("deploy", "sample", "v1");
        assertThat(v1.process.exitValue()).as(v1.text()).isZero();
        loop = new ClientLoop(setup.gatewayPort).start(200);
        loop.awaitServed("v1", 100);
    }

    @AfterEach
    void stopTraffic() {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void deploysKeepsFlagsAndResumesAfterSigkillWithEverythingInPostgres() throws Exception {
        SlipwayProcess v2 = setup.cli("deploy", "sample", "v2");
        assertThat(v2.process.exitValue()).as(v2.text()).isZero();
        assertThat(v2.text()).contains("traffic switched to v2").contains("SUCCEEDED");
        loop.awaitServed("v2", 100);

        createAndEvaluateAFlag();
        resumeAfterSigkill();
        loop.close();
        assertThat(loop.failures).as("failed or 5xx responses, Slipway killed and restarted included").isEmpty();
        assertThat(setup.get("/api/v1/flags/new-search").path("version").asLong()).as("read by the restarted server").isEqualTo(1);
    }

    @Test
    void keepsServingWhileTheStoreIsDownAndDeploysOnceItIsBack() throws Exception {
        pg.refuseConnections(store);
        // /health/ready waits Store.REACHABLE_WAIT (2 s) for the store, not the pool's 10 s connect timeout
        await().atMost(Duration.ofSeconds(6)).until(() -> !setup.get("/health/ready").at("/checks/store").asBoolean(true));
        assertThat(setup.get("/health/ready").path("status").asText()).isEqualTo("DOWN");
        loop.awaitServed("v1", 200);

        pg.allowConnections(store);
        await().atMost(Duration.ofSeconds(15)).until(() -> setup.get("/health/ready").path("status").asText().equals("UP"));
        assertThat(server.process.isAlive()).isTrue();
        SlipwayProcess v2 = setup.cli("deploy", "sample", "v2");
        assertThat(v2.process.exitValue()).as(v2.text()).isZero();
        loop.awaitServed("v2", 100);
        loop.close();
        assertThat(loop.failures).as("failed or 5xx responses while the store was down and after").isEmpty();
    }

    private void createAndEvaluateAFlag() throws Exception {
        HttpResponse<String> created = setup.post("/api/v1/flags", """
                {"key": "new-search", "environments": {"production": {"enabled": true}}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode evaluation = Json.MAPPER.readTree(setup.post("/api/v1/flags/new-search/evaluate",
                "{\"context\": {\"userId\": \"u1\"}}").body());
        assertThat(evaluation.get("enabled").asBoolean()).as(evaluation.toString()).isTrue();
        assertThat(query("SELECT key || ' v' || version FROM flags")).containsExactly("new-search v1");
        assertThat(query("SELECT action || ' by ' || who FROM flag_changes WHERE flag = 'new-search'"))
                .containsExactly("create by api");
    }

    /** Kills the server while v3 waits to get ready; the restarted one finishes the deployment with the same processes. */
    private void resumeAfterSigkill() throws Exception {
        SlipwayProcess accepted = setup.cli("deploy", "sample", "v3", "--detach", "--json");
        long id = Json.MAPPER.readTree(accepted.output.get(accepted.output.size() - 1)).get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> "ready".equals(setup.currentStep(id)));
        Map<String, Long> before = processesBut("sample/v1/0"); // v1 is retired once v3 takes over from v2
        assertThat(before).containsKeys("sample/v2/0", "sample/v3/0");

        server.kill();
        loop.awaitServed("v2", 100);
        server = SlipwayProcess.server(setup.config);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "SUCCEEDED".equals(setup.get("/api/v1/deployments/" + id).path("state").asText()));
        loop.awaitServed("v3", 100);

        assertThat(setup.get("/api/v1/deployments/" + id).get("events").toString())
                .contains("resumed after a Slipway restart at step ready");
        assertThat(processesBut("sample/v1/0")).as("re-adopted: the same processes, none started twice").isEqualTo(before);
    }

    private Map<String, Long> processesBut(String instance) {
        Map<String, Long> processes = new TreeMap<>(MarkedProcesses.byInstance(setup.dataDir()));
        processes.remove(instance);
        return processes;
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
