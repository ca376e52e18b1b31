package io.slipway.e2e;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stalled control plane never stalls proxied traffic: the gateway is its own process and only
 * reads the store from a thread of its own.
 */
class IsolationIT extends EndToEnd {

    @Test
    void trafficFlowsWhileTheServerIsFrozenAndWhileTheStoreIsLocked() throws Exception {
        setup = TestSetup.write(dir, Map.of());
        server = SlipwayProcess.server(setup.config);
        assertThat(setup.cli("deploy", "sample", "v1").process.exitValue()).isZero();
        ClientLoop loop = new ClientLoop(setup.gatewayPort).start(200);
        loop.awaitServed("v1", 100);

        signal("STOP", server.process.pid());
        try {
            loop.awaitServed("v1", 400);
        } finally {
            signal("CONT", server.process.pid());
        }

        // A writer holding the store (as a stuck control plane would) must not matter either.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + setup.dataDir().resolve("slipway.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=0");
            s.execute("BEGIN EXCLUSIVE");
            loop.awaitServed("v1", 400);
            s.execute("ROLLBACK");
        }

        assertThat(setup.cli("deploy", "sample", "v2").process.exitValue()).as("the control plane still works").isZero();
        loop.awaitServed("v2", 100);
        loop.close();
        assertThat(loop.failures).as("failed or 5xx responses while the control plane was stalled").isEmpty();
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
