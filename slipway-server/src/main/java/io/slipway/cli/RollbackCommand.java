package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway rollback APP}: traffic back to the previous (warm) version. */
@Command(name = "rollback", description = "Send an app's traffic back to its previous version (one routing swap when"
        + " it is still warm; restarted first when it is gone). Aborts a deployment that has not switched yet.")
final class RollbackCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app name")
    String app;

    @Option(names = "--to", description = "version to roll back to (default: the previous version)")
    String to;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient api = client.client();
        ApiClient.Response r = api.post("api/v1/apps/" + app + "/rollback", to == null ? Map.of() : Map.of("to", to));
        if (!r.ok()) {
            return client.refused(r);
        }
        JsonNode d = r.body();
        return new Follow(api, client.out(), client.json).until(d) == 0
                || "ROLLED_BACK".equals(d.get("state").asText()) ? 0 : 1;
    }
}
