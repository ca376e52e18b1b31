package io.slipway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway migrate baseline APP VERSION}: declare a database that has a schema but no history to be at VERSION. */
@Command(name = "baseline", description = "Record that a database without migration history is at VERSION already:"
        + " scripts up to it never run.")
final class MigrateBaselineCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Parameters(index = "1", paramLabel = "VERSION", description = "the version the schema is at, e.g. 5 or 1.2")
    String version;

    @Option(names = "--description", description = "kept in the history (default: baseline)")
    String description;

    @Option(names = "--dry-run", description = "print exactly the SQL it would run, change nothing")
    boolean dryRun;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        if (description != null) {
            body.put("description", description);
        }
        body.put("dryRun", dryRun);
        return MigrateCommand.change(client, app, "baseline", body);
    }
}
