package io.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway flags enable KEY [--env E]}: switch a flag on in one environment. */
@Command(name = "enable", description = "Switch a flag on in one environment (needed with --env when several are"
        + " configured); its strategies then decide for whom.")
final class FlagEnableCommand extends FlagSwitchCommand {
    @Override
    String verb() {
        return "enable";
    }
}
