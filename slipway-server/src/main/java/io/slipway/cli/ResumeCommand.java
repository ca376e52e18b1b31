package io.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway resume APP}. */
@Command(name = "resume", description = "Let a paused deployment go on from its step (an inconclusive analysis runs again).")
final class ResumeCommand extends DecisionCommand {
    @Override
    String verb() {
        return "resume";
    }
}
