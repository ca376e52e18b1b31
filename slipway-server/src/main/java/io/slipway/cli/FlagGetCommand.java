package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code slipway flags get KEY}: one flag with its strategies, variants and dependencies. */
@Command(name = "get", description = "Show a flag: description, owner, state and strategies per environment.")
final class FlagGetCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "flag key")
    String key;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().get(FlagsCommand.path(key));
        if (!r.ok()) {
            return client.refused(r);
        }
        if (client.json) {
            client.out().println(Json.pretty(r.body()));
        } else {
            FlagRender.details(client.out(), r.body());
        }
        client.out().flush();
        return 0;
    }
}
