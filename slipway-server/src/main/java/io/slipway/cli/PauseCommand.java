package io.slipway.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway pause APP}. */
@Command(name = "pause", description = "Pause the running deployment of an app: no further step runs until resume; the guard keeps watching and still rolls back on a breach.")
final class PauseCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app name")
    String app;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return Decision.post(client, app, "pause", Map.of());
    }
}
