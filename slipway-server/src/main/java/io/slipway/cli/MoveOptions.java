package io.slipway.cli;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code migrate up} and {@code migrate down} both take besides {@code --to}. */
final class MoveOptions {
    @Option(names = "--dry-run", description = "print exactly the SQL it would run, change nothing")
    boolean dryRun;

    @Option(names = "--no-backup", description = "no backup before it (required when the app has no backup: block)")
    boolean noBackup;

    /** {@code {"to"?, "dryRun", "noBackup"}}. */
    Map<String, Object> body(String to) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (to != null) {
            body.put("to", to);
        }
        body.put("dryRun", dryRun);
        body.put("noBackup", noBackup);
        return body;
    }
}
