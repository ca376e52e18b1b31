package io.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slipway killed with SIGKILL in the middle of a deployment: traffic keeps flowing through the
 * gateway process, and after a restart the deployment completes with no orphaned or duplicated
 * process.
 */
class CrashRecoveryIT extends EndToEnd {
    @Test
    void resumesADeploymentAfterSigkillWithoutOrphansDuplicatesOrDroppedRequests() throws Exception {
        // v2 takes 4 s to become ready, so the kill lands while the deployment waits for it.
        setup = TestSetup.write(dir, Map.of("SAMPLE_START_DELAY_MS_V2", "4000"), "scaleDownDelay: 60s");
        server = SlipwayProcess.server(setup.config);
        assertThat(setup.cli("deploy", "sample", "v1").process.exitValue()).isZero();
        ClientLoop loop = new ClientLoop(setup.gatewayPort).start(200);
        loop.awaitServed("v1", 100);

        SlipwayProcess accepted = setup.cli("deploy", "sample", "v2", "--detach", "--json");
        long id = Json.MAPPER.readTree(accepted.output.get(accepted.output.size() - 1)).get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> "ready".equals(setup.currentStep(id)));
        Map<String, Long> before = pidsByInstance();
        assertThat(before).containsKeys("sample/v1/0", "sample/v2/0");
        assertThat(before.keySet()).filteredOn(k -> k.startsWith("slipway-gateway/")).hasSize(1);

        server.kill();
        loop.awaitServed("v1", 200);
        assertThat(pidsByInstance()).as("nothing died with the control plane").isEqualTo(before);

        server = SlipwayProcess.server(setup.config);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(deployment(id).path("state").asText()));
        loop.awaitServed("v2", 200);
        loop.close();

        assertThat(loop.failures).as("failed or 5xx responses while Slipway was down and after").isEmpty();
        assertThat(pidsByInstance()).as("re-adopted: same processes, no duplicates").isEqualTo(before);
        assertThat(deployment(id).get("events").toString()).contains("resumed after a Slipway restart at step ready");

        SlipwayProcess.shutdownAll(setup.adminPort);
        await().atMost(Duration.ofSeconds(30)).until(() -> MarkedProcesses.scan(setup.dataDir()).isEmpty());
    }

    private Map<String, Long> pidsByInstance() {
        return MarkedProcesses.byInstance(setup.dataDir());
    }

    private JsonNode deployment(long id) {
        return setup.get("/api/v1/deployments/" + id);
    }
}
