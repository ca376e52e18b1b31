package io.slipway.e2e;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A crash-looping and a never-ready candidate each fail with a clear reason; stable keeps all traffic. */
class FailedDeploymentIT extends EndToEnd {
    @Test
    void crashLoopingAndNeverReadyCandidatesFailAndStableKeepsAllTraffic() throws Exception {
        setup = TestSetup.write(dir, Map.of("SAMPLE_CRASH_AFTER_S_V2", "0", "SAMPLE_NEVER_READY_V3", "true"),
                "readyTimeout: 4s",
                "restart: { initialBackoff: 100ms, maxBackoff: 400ms, crashLoopRestarts: 3, crashLoopWindow: 30s }");
        server = SlipwayProcess.server(setup.config);
        assertThat(setup.cli("deploy", "sample", "v1").process.exitValue()).isZero();
        ClientLoop loop = new ClientLoop(setup.gatewayPort).start(200);
        loop.awaitServed("v1", 100);

        SlipwayProcess crashing = setup.cli("deploy", "sample", "v2");
        assertThat(crashing.process.exitValue()).as(crashing.text()).isEqualTo(1);
        assertThat(crashing.text()).contains("FAILED").contains("crash loop");
        SlipwayProcess status = setup.cli("status", "sample");
        assertThat(status.text()).contains("stable    v1").contains("routing   v1 100%")
                .contains("v2 (blue-green) FAILED").contains("crash loop");

        SlipwayProcess neverReady = setup.cli("deploy", "sample", "v3");
        assertThat(neverReady.process.exitValue()).as(neverReady.text()).isEqualTo(1);
        assertThat(neverReady.text()).contains("v3 not ready within readyTimeout 4s").contains("HTTP 503");
        assertThat(setup.cli("status", "sample").text()).contains("v3 (blue-green) FAILED")
                .contains("routing   v1 100%");

        loop.awaitServed("v1", 100);
        loop.close();
        assertThat(loop.failures).isEmpty();
        assertThat(loop.served()).containsOnlyKeys("v1");
    }
}
