package io.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway pause APP}. */
@Command(name = "pause", description = "Pause the running deployment of an app: no further step runs until resume; the guard keeps"
        + " watching and still rolls back on a breach.")
final class PauseCommand extends DecisionCommand {
    @Override
    String verb() {
        return "pause";
    }
}
