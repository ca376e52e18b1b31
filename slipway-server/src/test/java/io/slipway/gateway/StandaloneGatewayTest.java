package io.slipway.gateway;

import static io.slipway.gateway.GatewayTesting.get;
import static io.slipway.gateway.GatewayTesting.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.api.Json;
import io.slipway.backup.PostgresTarget;
import io.slipway.config.HostPort;
import io.slipway.config.SlipwayConfig;
import io.slipway.config.TestConfigs;
import io.slipway.migrate.PostgresServer;
import io.slipway.store.RouteRepository;
import io.slipway.store.Store;
import io.slipway.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gateway process's routing comes from the store it is configured with, here PostgreSQL. */
class StandaloneGatewayTest {
    @RegisterExtension
    static final PostgresServer pg = new PostgresServer();
    @TempDir
    Path dir;
    private final TestUpstream v1 = TestUpstream.start("v1");
    private final TestUpstream v2 = TestUpstream.start("v2");
    private PostgresTarget database;
    private Store store;
    private RouteRepository routes;
    private StandaloneGateway gateway;

    @BeforeEach
    void start() throws SQLException, IOException {
        database = pg.createDatabase();
        store = Store.open(StoreLocation.postgres(database), Clock.systemUTC());
        routes = new RouteRepository(store);
        publish(slot("stable", "v1", 100, v1));
        SlipwayConfig config = TestConfigs.config(dir, TestConfigs.app("web", List.of("./web"), Map.of()));
        gateway = StandaloneGateway.start(config, store.location(), new HostPort("127.0.0.1", 0), Json.MAPPER);
    }

    @AfterEach
    void stop() {
        gateway.close();
        store.close();
        v1.close();
        v2.close();
    }

    @Test
    void servesTheStoredRoutesAndPicksUpAChangeByPolling() throws IOException {
        Gateway web = gateway.gateways().get("web");
        assertThat(get(web, "/").body()).isEqualTo("v1");

        publish(slot("stable", "v2", 100, v2));

        await().atMost(Duration.ofSeconds(5)).until(() -> web.routing().generation() == 2);
        assertThat(get(web, "/").body()).isEqualTo("v2");
    }

    @Test
    void keepsServingTheLastRoutesWhileTheStoreIsUnreachableAndCatchesUpAfter() throws Exception {
        Gateway web = gateway.gateways().get("web");
        pg.refuseConnections(database, "slipway-gateway");

        for (int i = 0; i < 5; i++) {
            assertThat(get(web, "/").body()).isEqualTo("v1");
        }
        publish(slot("stable", "v2", 100, v2));
        pg.allowConnections(database);

        await().atMost(Duration.ofSeconds(15)).until(() -> web.routing().generation() == 2);
        assertThat(get(web, "/").body()).isEqualTo("v2");
    }

    private void publish(Slot... slots) throws IOException {
        routes.save("web", Json.MAPPER.writeValueAsString(List.of(slots)));
    }
}
