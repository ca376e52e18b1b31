package io.slipway.supervisor;

import io.slipway.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchPlanTest {
    private static final Path DATA = Path.of("/var/lib/slipway");

    @Test
    void fillsPlaceholdersInCommandAndUsesArtifactDirAsDefaultWorkingDir() {
        AppConfig app = TestApps.app("web", 1, List.of("java", "-jar", "{artifactDir}/web-{version}.jar", "--port={port}"),
                Duration.ofSeconds(1), TestApps.FAST_RESTARTS);

        LaunchPlan plan = LaunchPlan.of(app, "v2", 0, 8123, DATA);

        assertThat(plan.command()).containsExactly("java", "-jar", "/var/lib/slipway/artifacts/web/v2/web-v2.jar", "--port=8123");
        assertThat(plan.workingDir()).isEqualTo(Path.of("/var/lib/slipway/artifacts/web/v2"));
        assertThat(plan.logFile()).isEqualTo(Path.of("/var/lib/slipway/logs/web/v2/instance-0.log"));
    }

    @Test
    void fillsPlaceholdersInArtifactAndWorkingDirTemplates() {
        AppConfig app = new AppConfig("web", List.of("./run"), Map.of(), "{artifactDir}/bin", "/opt/web/{version}", 1,
                null, null, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, TestApps.FAST_RESTARTS);

        LaunchPlan plan = LaunchPlan.of(app, "v7", 1, 9000, DATA);

        assertThat(plan.artifactDir()).isEqualTo(Path.of("/opt/web/v7"));
        assertThat(plan.workingDir()).isEqualTo(Path.of("/opt/web/v7/bin"));
    }

    @Test
    void setsPortAppEnvAndTheOrphanDetectionMarkers() {
        LaunchPlan plan = LaunchPlan.of(TestApps.shell("web", 2, "true"), "v2", 1, 8124, DATA);

        assertThat(plan.env()).containsEntry("PORT", "8124")
                .containsEntry("GREETING", "hello")
                .containsEntry("SLIPWAY_APP", "web")
                .containsEntry("SLIPWAY_VERSION", "v2")
                .containsEntry("SLIPWAY_INSTANCE", "web/v2/1")
                .containsEntry("SLIPWAY_DATA_DIR", "/var/lib/slipway");
    }

    @Test
    void missingProgramIsNamedInTheError() {
        assertThatThrownBy(() -> executableOf("/no/such"))
                .isInstanceOf(CannotStartException.class)
                .hasMessage("apps.web.command: cannot start \"/no/such\": No such file or directory");
    }

    @Test
    void programNotOnPathIsNamedInTheError() {
        assertThatThrownBy(() -> executableOf("no-such-program-xyz"))
                .isInstanceOf(CannotStartException.class)
                .hasMessageStartingWith("apps.web.command: cannot start \"no-such-program-xyz\": not found in PATH");
    }

    @Test
    void programIsFoundOnPath() {
        assertThat(executableOf("sh").getFileName()).isEqualTo(Path.of("sh"));
    }

    private static Path executableOf(String program) {
        AppConfig app = TestApps.app("web", 1, List.of(program), Duration.ofSeconds(1), TestApps.FAST_RESTARTS);
        return LaunchPlan.of(app, "v1", 0, 1, DATA).executable();
    }
}
