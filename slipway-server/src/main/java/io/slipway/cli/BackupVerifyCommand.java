package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code slipway backup verify APP [ID]}: restore a backup into a scratch file and check it; exit 1 when it fails. */
@Command(name = "verify", description = "Restore a backup (default: the latest) into a scratch file and check it:"
        + " checksums, key, integrity_check, rows per table. Exit 1 when it fails.")
final class BackupVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Parameters(index = "1", arity = "0..1", description = "backup id (default: the latest)")
    String id;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().post(BackupCommand.path(app) + "/" + (id == null ? "latest" : id)
                + "/verify", null);
        if (!r.ok()) {
            return client.refused(r);
        }
        boolean ok = r.body().get("ok").asBoolean();
        client.out().println(client.json ? Json.write(r.body()) : r.body().get("backupId").asText() + ": "
                + (ok ? "ok, " : "FAILED: ") + r.body().get("message").asText());
        client.out().flush();
        return ok ? 0 : Slipway.FAILED;
    }
}
