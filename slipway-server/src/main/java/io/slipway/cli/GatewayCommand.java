package io.slipway.cli;

import io.slipway.api.Json;
import io.slipway.config.ConfigLoader;
import io.slipway.config.HostPort;
import io.slipway.config.SlipwayConfig;
import io.slipway.gateway.StandaloneGateway;
import io.slipway.store.StoreLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code slipway gateway}: the data plane as its own process. {@code slipway server} starts and
 * supervises it; it reads routes from the store and keeps serving when the server is down.
 */
@Command(name = "gateway", description = "Run the gateway (data plane) alone, routing from the store."
        + " Normally started by `slipway server`.")
final class GatewayCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = ConfigLoader.DEFAULT_FILE, description = "config file")
    Path config;

    @Option(names = "--control", defaultValue = "127.0.0.1:0", description = "control endpoint address (host:port)")
    String control;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SlipwayConfig loaded = ConfigLoader.load(config);
        HostPort controlAddress = parse(control);
        StandaloneGateway gateway = StandaloneGateway.start(loaded, StoreLocation.of(loaded.server(), System.getenv()),
                controlAddress, Json.MAPPER);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM hands over gracefully: a newer gateway may already listen on the same ports.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.drainAndClose();
            stopped.countDown();
        }, "slipway-gateway-sigterm"));
        gateway.gateways().forEach((app, g) -> spec.commandLine().getOut().printf("gateway app=%s port=%d%n", app,
                g.port()));
        spec.commandLine().getOut().printf("gateway control=%s:%d ready%n", controlAddress.host(),
                gateway.controlPort());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    private HostPort parse(String address) {
        int colon = address.lastIndexOf(':');
        try {
            return new HostPort(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--control: \"" + address + "\" is not host:port");
        }
    }
}
