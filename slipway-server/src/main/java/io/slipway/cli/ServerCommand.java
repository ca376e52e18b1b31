package io.slipway.cli;

import io.slipway.config.ConfigLoader;
import io.slipway.config.SlipwayConfig;
import io.slipway.server.SlipwayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code slipway server}: runs the control plane until SIGTERM or an API shutdown. */
@Command(name = "server", description = "Run the control plane (admin API, orchestrator, supervisor) and the gateway"
        + " process. Stopping it leaves apps and the gateway running; the next start re-adopts them.")
final class ServerCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = ConfigLoader.DEFAULT_FILE,
            description = "config file (default: ./slipway.yaml)")
    Path config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        long started = System.nanoTime();
        SlipwayConfig loaded = ConfigLoader.load(config);
        SlipwayServer server = SlipwayServer.start(loaded, config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "slipway-sigterm"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        spec.commandLine().getOut().printf("slipway server ready in %dms: api http://%s:%d, data %s%n", tookMs,
                loaded.server().listen().host(), server.apiPort(), loaded.server().dataDir().toAbsolutePath());
        spec.commandLine().getOut().flush();
        server.awaitClosed();
        return 0;
    }
}
