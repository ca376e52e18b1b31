package io.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway flags disable KEY [--env E]}: the kill switch; without --env, off everywhere. */
@Command(name = "disable", description = "Switch a flag off: in one environment with --env, otherwise in every"
        + " environment (the kill switch).")
final class FlagDisableCommand extends FlagSwitchCommand {
    @Override
    String verb() {
        return "disable";
    }
}
