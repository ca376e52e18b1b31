package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway backup restore APP [ID] [--beside]}: restore a backup, after a safety backup of what it replaces. */
@Command(name = "restore", description = "Restore a backup (default: the latest), or with --to-time the database as it"
        + " was then, over the app's database after a safety backup of it; refused while the app runs, unless --beside"
        + " writes it next to the database.")
final class BackupRestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Parameters(index = "1", arity = "0..1", description = "backup id (default: the latest)")
    String id;

    @Option(names = "--beside", description = "write the restored database next to the app's (<file>.restored-<time>)")
    boolean beside;

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
            client.out().println("restored " + r.body().get("backupId").asText() + " into " + r.body().get("restoredTo").asText()
                    + " (" + r.body().get("rows") + ")");
            if (r.body().hasNonNull("safetyBackup")) {
                client.out().println("the database it replaced is in backup " + r.body().get("safetyBackup").asText());
            }
        }
        client.out().flush();
        return 0;
    }
}
