package io.slipway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code slipway migrate up APP [--to V] [--dry-run] [--no-backup]}: run the pending forward scripts. */
@Command(name = "up", description = "Run the pending migration scripts (up to --to), after a backup of the database.")
final class MigrateUpCommand implements Callable<Integer> {
    @Mixin
    MoveOptions move;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return MigrateCommand.change(client, move.app, "up", move.body());
    }
}
