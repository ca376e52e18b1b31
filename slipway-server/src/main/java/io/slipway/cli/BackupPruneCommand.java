package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway backup prune APP [--dry-run]}: remove the backups the app's retention does not keep. */
@Command(name = "prune", description = "Remove the backups the app's retention policy does not keep.")
final class BackupPruneCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Option(names = "--dry-run", description = "only say what would be removed")
    boolean dryRun;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().post(BackupCommand.path(app) + "/prune", Map.of("dryRun", dryRun));
        if (!r.ok()) {
            return client.refused(r);
        }
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else {
            client.out().println((dryRun ? "would remove " : "removed ") + r.body().get("pruned").size() + ": "
                    + r.body().get("pruned") + "; kept " + r.body().get("kept").size());
        }
        client.out().flush();
        return 0;
    }
}
