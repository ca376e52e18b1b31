package io.slipway.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway promote APP [--full]}: past the current canary step, or straight to 100 %. */
@Command(name = "promote", description = "End the current canary step (a pause, an analysis, a weight) as passed and"
        + " go on; with --full, skip every canary step left and switch all traffic to the candidate.")
final class PromoteCommand extends DecisionCommand {
    @Option(names = "--full", description = "skip the remaining canary steps and switch 100 %% of traffic now")
    boolean full;

    @Override
    String verb() {
        return "promote";
    }

    @Override
    Map<String, Object> body() {
        return Map.of("full", full);
    }
}
