package io.slipway.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway promote APP [--full]}: past the current canary step, or straight to 100 %. */
@Command(name = "promote", description = "End the current canary step (a pause, an analysis, a weight) as passed and"
        + " go on; with --full, skip every canary step left and switch all traffic to the candidate.")
final class PromoteCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app name")
    String app;

    @Option(names = "--full", description = "skip the remaining canary steps and switch 100 % of traffic now")
    boolean full;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return Decision.post(client, app, "promote", Map.of("full", full));
    }
}
