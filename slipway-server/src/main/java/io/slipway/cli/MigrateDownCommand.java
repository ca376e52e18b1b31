package io.slipway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code slipway migrate down APP [--to V] [--dry-run] [--no-backup]}: undo applied versions with their undo scripts, highest first. */
@Command(name = "down", description = "Undo the highest applied version, or every one above --to, after a backup of the database.")
final class MigrateDownCommand implements Callable<Integer> {
    @Mixin
    MoveOptions move;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return MigrateCommand.change(client, move.app, "down", move.body());
    }
}
