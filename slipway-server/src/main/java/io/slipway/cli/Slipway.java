package io.slipway.cli;

import io.slipway.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Set;

/** Entry point of slipway.jar: one subcommand per verb. Exit codes: 0 ok, 1 failed operation, 2 bad usage or config. */
@Command(name = "slipway", mixinStandardHelpOptions = true, versionProvider = Slipway.Version.class,
        description = "Release control plane: deploy blue-green behind your own gateway, roll back in seconds.",
        subcommands = {ServerCommand.class, DemoCommand.class, DeployCommand.class, RollbackCommand.class,
                StatusCommand.class, LogsCommand.class, HealthCommand.class, ValidateCommand.class,
                GatewayCommand.class, PromoteCommand.class, PauseCommand.class, ResumeCommand.class,
                AbortCommand.class, FlagsCommand.class, BackupCommand.class, MigrateCommand.class})
public final class Slipway {
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;
    private static final Set<String> SERVER_VERBS = Set.of("server", "gateway");

    private Slipway() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        if (args.length == 0 || !SERVER_VERBS.contains(args[0])) {
            // Client verbs and the demo print their own output; only problems should be logged.
            System.setProperty("slipway.log.level", System.getProperty("slipway.log.level", "WARN"));
        }
        CommandLine cli = new CommandLine(Slipway.class);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException c) {
                commandLine.getErr().println(c.getMessage());
                return BAD_USAGE;
            }
            if (e instanceof ApiClient.Unreachable || e instanceof io.slipway.store.StoreException
                    || e instanceof io.slipway.server.ServerStartException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return FAILED;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Slipway.class.getPackage().getImplementationVersion();
            return new String[]{"slipway " + (v == null ? "dev" : v)};
        }
    }
}
