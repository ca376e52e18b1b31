package io.slipway.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server restarted with a changed slipway.yaml replaces the gateway process (the old one would
 * keep the old listeners) without failing a request.
 */
class GatewayHandoverIT extends EndToEnd {

    @Test
    void changedConfigReplacesTheGatewayWithoutAFailedRequest() throws Exception {
        setup = TestSetup.write(dir, Map.of());
        server = SlipwayProcess.server(setup.config);
        assertThat(setup.cli("deploy", "sample", "v1").process.exitValue()).isZero();
        long oldGateway = gatewayPids().get(0);
        ClientLoop loop = new ClientLoop(setup.gatewayPort).start(200);
        loop.awaitServed("v1", 100);

        server.process.destroy();
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.process.isAlive());
        Files.writeString(setup.config, Files.readString(setup.config) + "    stopTimeout: 5s\n");
        server = SlipwayProcess.server(setup.config);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Long> pids = gatewayPids();
            return pids.size() == 1 && pids.get(0) != oldGateway;
        });
        loop.awaitServed("v1", 200);
        loop.close();
        assertThat(loop.failures).as("failed or 5xx responses across the gateway handover").isEmpty();
        assertThat(server.text()).contains("event=gateway-handover-done");
    }

    private List<Long> gatewayPids() {
        return MarkedProcesses.scan(setup.dataDir()).stream()
                .filter(m -> m.instance().startsWith("slipway-gateway/")).map(MarkedProcesses.Marked::pid).toList();
    }
}
