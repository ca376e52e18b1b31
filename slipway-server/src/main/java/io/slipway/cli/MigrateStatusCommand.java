package io.slipway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code slipway migrate status APP}: each script and history row, and where the database stands. */
@Command(name = "status", description = "Show each migration script and history row: version, state, when, by whom, backup.")
final class MigrateStatusCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return MigrateCommand.show(client, client.client().get(MigrateCommand.path(app)), MigrationRender::status);
    }
}
