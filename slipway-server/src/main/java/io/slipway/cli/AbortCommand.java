package io.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway abort APP}. */
@Command(name = "abort", description = "Send a running canary's traffic back to the stable version and stop the candidate.")
final class AbortCommand extends DecisionCommand {
    @Override
    String verb() {
        return "abort";
    }
}
