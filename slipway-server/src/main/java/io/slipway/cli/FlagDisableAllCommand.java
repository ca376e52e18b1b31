package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway flags disable-all CATEGORY}: every flag of a category off, everywhere, at once. */
@Command(name = "disable-all", description = "Switch off every flag of a category in every environment, in one"
        + " change.")
final class FlagDisableAllCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "category")
    String category;

    @Option(names = "--reason", description = "why, kept in each flag's history")
    String reason;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("category", category);
        if (reason != null) {
            body.put("reason", reason);
        }
        ApiClient.Response r = client.client().post("api/admin/feature-flags/disable-all", body);
        if (!r.ok()) {
            return client.refused(r);
        }
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else {
            client.out().println(r.body().get("message").asText());
            r.body().get("disabled").forEach(k -> client.out().println("  " + k.asText() + " off"));
        }
        client.out().flush();
        return 0;
    }
}
