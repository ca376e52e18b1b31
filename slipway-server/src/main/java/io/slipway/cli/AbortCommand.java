package io.slipway.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway abort APP}. */
@Command(name = "abort", description = "Send a running canary's traffic back to the stable version and stop the candidate.")
final class AbortCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app name")
    String app;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return Decision.post(client, app, "abort", Map.of());
    }
}
