package io.slipway.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code migrate up} and {@code migrate down} take: the app, a target version, dry-run, no backup. */
final class MoveOptions {
    @Parameters(index = "0", description = "app")
    String app;

    @Option(names = "--to", paramLabel = "V", description = "up: up to this version (default: all pending, then"
            + " repeatable scripts); down: down to, not including, this version (0: all; default: the highest applied only)")
    String to;

    @Option(names = "--dry-run", description = "print exactly the SQL it would run, change nothing")
    boolean dryRun;

    @Option(names = "--no-backup", description = "no backup before it (required when the app has no backup: block)")
    boolean noBackup;

    /** {@code {"to"?, "dryRun", "noBackup"}}. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (to != null) {
            body.put("to", to);
        }
        body.put("dryRun", dryRun);
        body.put("noBackup", noBackup);
        return body;
    }
}
