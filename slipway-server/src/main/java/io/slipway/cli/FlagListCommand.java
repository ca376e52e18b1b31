package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code slipway flags list [--category C] [--env E]}: every flag, on or off where. */
@Command(name = "list", description = "List flags with their category, state per environment and version.")
final class FlagListCommand implements Callable<Integer> {
    @Option(names = "--category", description = "only flags of this category")
    String category;

    @Option(names = "--env", description = "only this environment's state")
    String environment;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<String> query = new ArrayList<>();
        if (category != null) {
            query.add("category=" + URLEncoder.encode(category, StandardCharsets.UTF_8));
        }
        if (environment != null) {
            query.add("environment=" + URLEncoder.encode(environment, StandardCharsets.UTF_8));
        }
        ApiClient.Response r = client.client().get("api/v1/flags" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        if (!r.ok()) {
            return client.refused(r);
        }
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else if (r.body().isEmpty()) {
            client.out().println("no flags" + (category == null ? "" : " of category " + category));
        } else {
            FlagRender.table(client.out(), r.body());
        }
        client.out().flush();
        return 0;
    }
}
