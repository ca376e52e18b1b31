package io.slipway.e2e;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar refuses bad starts and bad config with a clear message and the right exit code. */
class CommandLineIT extends EndToEnd {

    @Test
    void refusesASecondServerOnTheSameDataDir() throws Exception {
        setup = TestSetup.write(dir, Map.of());
        server = SlipwayProcess.server(setup.config);
        setup.awaitReady();
        try (SlipwayProcess second = SlipwayProcess.start(dir, "server", "-c", setup.config.toString())) {
            assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.process.exitValue()).isEqualTo(1);
            assertThat(second.text()).contains("is in use by another slipway server (pid "
                    + server.process.pid() + ")");
        }
        assertThat(setup.cli("health").process.exitValue()).as("the first server is unharmed").isZero();
    }

    /** Vert.x's class-path file cache would leave a /tmp/vertx-cache-<uuid> directory per killed server. */
    @Test
    void aKilledServerLeavesNothingInTheTempDir() throws Exception {
        setup = TestSetup.write(dir, Map.of());
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        server = SlipwayProcess.server(setup.config, List.of("-Djava.io.tmpdir=" + tmp));
        setup.awaitReady();
        assertThat(setup.cli("health").process.exitValue()).isZero();

        server.kill();
        MarkedProcesses.killAll(setup.dataDir()); // the gateway it left running

        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("vertx-cache"));
        }
    }

    @Test
    void namesTheAdminAddressWhenItIsTaken() throws Exception {
        setup = TestSetup.write(dir, Map.of());
        try (ServerSocket taken = new ServerSocket(setup.adminPort, 1, InetAddress.getByName("127.0.0.1"));
             SlipwayProcess refused = SlipwayProcess.start(dir, "server", "-c", setup.config.toString())) {
            assertThat(refused.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.process.exitValue()).isEqualTo(1);
            assertThat(refused.text()).contains("server.listen: \"127.0.0.1:" + setup.adminPort + "\" cannot be bound");
        }
        assertThat(MarkedProcesses.scan(setup.dataDir())).as("the gateway process is left running, as it says")
                .extracting(MarkedProcesses.Marked::instance).singleElement().asString().startsWith("slipway-gateway/");
        MarkedProcesses.killAll(setup.dataDir());
    }

    @Test
    void gatewayRefusesAPortHeldByAnotherProcessNamingIt() throws Exception {
        setup = TestSetup.write(dir, Map.of());
        try (ServerSocket foreign = new ServerSocket(setup.gatewayPort, 1, InetAddress.getByName("127.0.0.1"))) {
            server = SlipwayProcess.server(setup.config);
            Path logs = setup.dataDir().resolve("logs/slipway-gateway");
            String expected = "apps.sample.gateway.listen: port " + setup.gatewayPort + " is already in use by pid "
                    + ProcessHandle.current().pid();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                try (var files = Files.walk(logs)) {
                    return files.filter(Files::isRegularFile).anyMatch(f -> read(f).contains(expected));
                }
            });
            assertThat(setup.cli("health").process.exitValue()).as("readiness reports the gateway down").isEqualTo(1);
            assertThat(setup.cli("status").text()).containsPattern("gateway process g[0-9a-f]+ DOWN");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void launcherRunsTheJarWithItsArchiveOptions() throws Exception {
        Path launcher = SlipwayProcess.jar().toAbsolutePath().getParent().getParent().getParent()
                .resolve("bin/slipway");
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "--version").redirectErrorStream(true);
        pb.environment().put("SLIPWAY_JAR", SlipwayProcess.jar().toString());
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.strip()).startsWith("slipway ").doesNotContain("warning");

        ProcessBuilder missing = new ProcessBuilder("bash", launcher.toString(), "--version").redirectErrorStream(true);
        missing.environment().put("SLIPWAY_JAR", dir.resolve("nope.jar").toString());
        Process m = missing.start();
        String error = new String(m.getInputStream().readAllBytes());
        assertThat(m.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(m.exitValue()).isEqualTo(2);
        assertThat(error).contains("cannot find slipway.jar");
    }

    @Test
    void validateListsEveryProblemAndExits2() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apps:
                  web:
                    command: run
                    health: { interval: 5x }
                    gateway: { listen: ":99999" }
                """);
        try (SlipwayProcess validate = SlipwayProcess.start(dir, "validate", bad.toString())) {
            assertThat(validate.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(validate.process.exitValue()).isEqualTo(2);
            assertThat(validate.text()).contains("apps.web.health.interval: \"5x\"")
                    .contains("apps.web.gateway.listen: \":99999\"");
        }
        try (SlipwayProcess server = SlipwayProcess.start(dir, "server", "-c", bad.toString())) {
            assertThat(server.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process.exitValue()).as("the server refuses the same file").isEqualTo(2);
            assertThat(server.text()).contains("apps.web.health.interval: \"5x\"");
        }
    }
}
