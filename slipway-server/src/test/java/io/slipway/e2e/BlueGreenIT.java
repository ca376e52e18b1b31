package io.slipway.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §3: blue-green deploy and rollback with real processes under steady traffic, zero failed requests. */
class BlueGreenIT extends EndToEnd {
    @Test
    void deploysAndRollsBackUnderTrafficWithoutAFailedRequest() throws Exception {
        setup = TestSetup.write(dir, Map.of("SAMPLE_START_DELAY_MS", "500"), "scaleDownDelay: 60s");
        server = SlipwayProcess.server(setup.config);
        SlipwayProcess v1 = setup.cli("deploy", "sample", "v1");
        assertThat(v1.process.exitValue()).as(v1.text()).isZero();

        long started = System.nanoTime();
        ClientLoop loop = new ClientLoop(setup.gatewayPort).start(250);
        loop.awaitServed("v1", 250);

        SlipwayProcess v2 = setup.cli("deploy", "sample", "v2");
        assertThat(v2.process.exitValue()).as(v2.text()).isZero();
        assertThat(v2.text()).contains("traffic switched to v2").contains("SUCCEEDED");
        loop.awaitServed("v2", 250);

        SlipwayProcess rollback = setup.cli("rollback", "sample");
        assertThat(rollback.process.exitValue()).as(rollback.text()).isZero();
        assertThat(rollback.text()).contains("traffic switched to v1").contains("(rollback) SUCCEEDED");
        loop.awaitServed("v1", 250);
        loop.close();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(loop.failures).as("failed or 5xx responses").isEmpty();
        assertThat(loop.completed() / seconds).as("requests per second").isGreaterThanOrEqualTo(200);
        List<String> versions = loop.versions;
        assertThat(versions.subList(0, 100)).containsOnly("v1");
        assertThat(loop.served("v2")).isGreaterThanOrEqualTo(250);
        assertThat(versions.subList(versions.size() - 100, versions.size())).containsOnly("v1");

        SlipwayProcess status = setup.cli("status", "sample");
        assertThat(status.text()).contains("stable    v1").contains("previous  v2");
        assertThat(setup.cli("status").text()).containsPattern("gateway process g[0-9a-f]+ UP RUNNING");
    }
}
