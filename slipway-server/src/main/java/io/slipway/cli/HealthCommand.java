package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code slipway health}: is the server ready (store reachable, gateway up)? Exit 0 if so, 1 if not. */
@Command(name = "health", description = "Check that the Slipway server is up and ready (store reachable, gateway up).")
final class HealthCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient api = client.client();
        ApiClient.Response r = api.get("health/ready");
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else {
            List<String> checks = new ArrayList<>();
            r.body().path("checks").fields().forEachRemaining(e ->
                    checks.add(e.getKey() + ": " + (e.getValue().asBoolean() ? "up" : "DOWN")));
            client.out().println("slipway at " + api.base() + ": " + r.body().path("status").asText("?")
                    + " (" + String.join(", ", checks) + ")");
        }
        return r.ok() ? 0 : 1;
    }
}
