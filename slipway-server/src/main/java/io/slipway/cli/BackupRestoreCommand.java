package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code slipway backup restore APP [ID] [--beside | --stop-app] [--to-time T]}: restore a backup, after a
 * safety backup of what it replaces.
 */
@Command(name = "restore", description = {"Restore a backup (default: the latest), or with --to-time the database as"
        + " it was then, over the app's database after a safety backup of it. Refused while the app runs, unless"
        + " --stop-app stops it for the restore or --beside writes it next to the database.",
        "With --stop-app the gateway answers 502/503 for the app until its versions are started again, right after"
        + " the restore (also when it fails); the backup is read and checked before the app is stopped."})
final class BackupRestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Parameters(index = "1", arity = "0..1", description = "backup id (default: the latest)")
    String id;

    @Option(names = "--beside", description = "write the restored database next to the app's (<file>.restored-<time>)")
    boolean beside;

    @Option(names = "--stop-app", description = "stop the app's running versions for the restore and start them again"
            + " after it, even when it fails (meanwhile the gateway answers 502/503 for the app)")
    boolean stopApp;

    @Option(names = "--to-time", description = "restore the SQLite database as it was at this instant (ISO-8601,"
            + " e.g. 2026-12-06T10:15:30Z) from its point-in-time replica (backup.pitr)")
    String toTime;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (id != null) {
            body.put("backup", id);
        }
        body.put("beside", beside);
        body.put("stopApp", stopApp);
        if (toTime != null) {
            body.put("toTime", toTime);
        }
        ApiClient.Response r = client.client().post("api/v1/apps/" + app + "/restore", body);
        if (!r.ok()) {
            return client.refused(r);
        }
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else {
            describe(r.body());
        }
        client.out().flush();
        return 0;
    }

    private void describe(JsonNode result) {
        client.out().println("restored " + result.get("backupId").asText() + " into " + result.get("restoredTo").asText()
                + " (" + result.get("rows") + ")");
        if (result.hasNonNull("safetyBackup")) {
            client.out().println("the database it replaced is in backup " + result.get("safetyBackup").asText());
        }
        if (!result.path("stoppedVersions").isEmpty()) {
            client.out().println("stopped for the restore and started again: " + String.join(", ",
                    Json.MAPPER.convertValue(result.get("stoppedVersions"), String[].class)));
        }
    }
}
