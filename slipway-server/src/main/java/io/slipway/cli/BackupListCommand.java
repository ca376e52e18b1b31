package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code slipway backup list APP}: the app's backups, newest first. */
@Command(name = "list", description = "List the app's backups, newest first.")
final class BackupListCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "how many (default: 20)")
    int limit;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().get(BackupCommand.path(app) + "?limit=" + limit);
        if (!r.ok()) {
            return client.refused(r);
        }
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else if (r.body().isEmpty()) {
            client.out().println(app + " has no backups yet: slipway backup now " + app);
        } else {
            r.body().forEach(b -> BackupCommand.line(client.out(), b));
        }
        client.out().flush();
        return 0;
    }
}
