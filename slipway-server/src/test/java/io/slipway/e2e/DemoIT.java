package io.slipway.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command: `java -jar slipway.jar demo` runs the whole story and exits 0. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void demoDeploysRollsBackPromotesACanaryAndRollsBackABadOneWithoutADroppedRequest() throws Exception {
        Path data = dir.resolve("demo");
        try (SlipwayProcess demo = SlipwayProcess.start(dir, "demo", "--data-dir", data.toString())) {
            boolean finished = demo.process.waitFor(180, TimeUnit.SECONDS);
            assertThat(finished).as(demo.text()).isTrue();
            assertThat(demo.process.exitValue()).as(demo.text()).isZero();
            assertThat(demo.text())
                    .contains("traffic switched to v2")
                    .contains("traffic switched to v1")
                    .containsPattern("other failures +0")
                    .containsPattern("deploy v2 \\(blue-green\\) +SUCCEEDED")
                    .containsPattern("rollback to v1 \\(rollback\\) +SUCCEEDED")
                    .containsPattern("deploy v2 \\(canary\\) +SUCCEEDED")
                    .contains("analysis demo SUCCESSFUL")
                    .containsPattern("deploy v3 \\(canary\\) +ROLLED_BACK")
                    .containsPattern("why: (guard error rate|analysis demo FAILED)");
        } finally {
            MarkedProcesses.killAll(data);
        }
        assertThat(MarkedProcesses.scan(data)).as("the demo leaves no process behind").isEmpty();
    }
}
