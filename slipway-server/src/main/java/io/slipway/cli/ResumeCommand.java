package io.slipway.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway resume APP}. */
@Command(name = "resume", description = "Let a paused deployment go on from its step (an inconclusive analysis runs again).")
final class ResumeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app name")
    String app;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return Decision.post(client, app, "resume", Map.of());
    }
}
