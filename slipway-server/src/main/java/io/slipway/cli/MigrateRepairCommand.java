package io.slipway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway migrate repair APP [--dry-run]}: remove failed history rows, accept changed scripts' checksums. */
@Command(name = "repair", description = "Remove failed history rows and realign checksums of applied scripts to the files.")
final class MigrateRepairCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Option(names = "--dry-run", description = "print exactly the SQL it would run, change nothing")
    boolean dryRun;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return MigrateCommand.change(client, app, "repair", Map.of("dryRun", dryRun));
    }
}
