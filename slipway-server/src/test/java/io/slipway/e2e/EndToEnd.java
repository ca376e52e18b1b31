package io.slipway.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Shared fixture of the end-to-end tests: a temp dir, the setup written into it, the server
 * process, and a clean-up that stops every app and the gateway, proves none is left and kills any
 * straggler so a failing test cannot leak processes into the next one.
 */
abstract class EndToEnd {
    @TempDir
    Path dir;
    TestSetup setup;
    SlipwayProcess server;

    @AfterEach
    void stopEverything() {
        if (setup != null) {
            SlipwayProcess.shutdownAll(setup.adminPort);
            await().atMost(Duration.ofSeconds(30)).until(() -> MarkedProcesses.scan(setup.dataDir()).isEmpty());
            MarkedProcesses.killAll(setup.dataDir());
        }
        if (server != null) {
            server.close();
        }
    }
}
