package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code slipway backup verify APP [ID | --pitr]}: restore a backup into a scratch file and check it, or check
 * the app's point-in-time replica; exit 1 when it fails.
 */
@Command(name = "verify", description = "Restore a backup (default: the latest) into a scratch file and check it:"
        + " checksums, key, integrity_check, rows per table. With --pitr, check every snapshot and WAL segment of the"
        + " app's point-in-time replica instead and show its restore window. Exit 1 when it fails.")
final class BackupVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "app")
    String app;

    @Parameters(index = "1", arity = "0..1", description = "backup id (default: the latest)")
    String id;

    @Option(names = "--pitr", description = "check the point-in-time replica (backup.pitr) instead of a backup")
    boolean pitr;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        if (pitr && id != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pitr checks the replica, not backup " + id
                    + ": give one or the other");
        }
        ApiClient.Response r = client.client().post(pitr ? "api/v1/apps/" + app + "/pitr/verify"
                : BackupCommand.path(app) + "/" + (id == null ? "latest" : id) + "/verify", null);
        if (!r.ok()) {
            return client.refused(r);
        }
        boolean ok = r.body().get("ok").asBoolean();
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else if (pitr) {
            replica(r.body(), ok);
        } else {
            client.out().println(r.body().get("backupId").asText() + ": " + (ok ? "ok, " : "FAILED: ")
                    + r.body().get("message").asText());
        }
        client.out().flush();
        return ok ? 0 : Slipway.FAILED;
    }

    /** The replica's verdict, what was checked, its restore window, then one line per problem. */
    private void replica(JsonNode found, boolean ok) {
        JsonNode window = found.path("window");
        client.out().println(found.get("replica").asText() + ": " + (ok ? "ok" : "FAILED") + ", "
                + found.get("generations").asInt() + " generations, " + found.get("snapshots").asInt() + " snapshots, "
                + found.get("segments").asInt() + " segments checked");
        client.out().println(window.isObject() ? "restorable from " + window.get("earliest").asText() + " to "
                + window.get("latest").asText() : "nothing restorable yet (no snapshot)");
        found.get("problems").forEach(p -> client.out().println("  problem: " + p.asText()));
    }
}
