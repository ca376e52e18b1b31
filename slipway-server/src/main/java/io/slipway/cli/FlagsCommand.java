package io.slipway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code slipway flags VERB}: feature flags on a running server, one class per verb. */
@Command(name = "flags", description = "Feature flags: list, inspect, switch on and off, roll out, evaluate.",
        subcommands = {FlagListCommand.class, FlagGetCommand.class, FlagEnableCommand.class, FlagDisableCommand.class,
                FlagRolloutCommand.class, FlagDisableAllCommand.class, FlagEvalCommand.class, FlagHistoryCommand.class,
                FlagApplyCommand.class, FlagReportCommand.class, FlagFileCommand.class})
final class FlagsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a verb there is nothing to do: usage error (exit 2) with the list of verbs. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing verb: slipway flags "
                + String.join("|", spec.subcommands().keySet()));
    }

    /** The API path of a flag; keys may hold any character but whitespace and '/', so they are encoded. */
    static String path(String key) {
        return "api/v1/flags/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
