package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code slipway flags history KEY}: who changed the flag, when, how and why, newest first. */
@Command(name = "history", description = "Show a flag's changes, newest first (with --json: before and after).")
final class FlagHistoryCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "flag key")
    String key;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "how many changes (default: 20)")
    int limit;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().get(FlagsCommand.path(key) + "/history?limit=" + limit);
        if (!r.ok()) {
            return client.refused(r);
        }
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else {
            r.body().forEach(c -> client.out().println(FlagRender.change(c)));
        }
        client.out().flush();
        return 0;
    }
}
