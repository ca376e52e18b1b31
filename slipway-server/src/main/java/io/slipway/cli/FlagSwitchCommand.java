package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** What enable and disable share: one POST on the flag, then where it is on now. */
abstract class FlagSwitchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "flag key")
    String key;

    @Option(names = "--env", description = "environment")
    String environment;

    @Option(names = "--reason", description = "why, kept in the flag's history")
    String reason;

    @Mixin
    ClientOptions client;

    /** {@code enable} or {@code disable}. */
    abstract String verb();

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (environment != null) {
            body.put("environment", environment);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        ApiClient.Response r = client.client().post(FlagsCommand.path(key) + "/" + verb(), body);
        if (!r.ok()) {
            return client.refused(r);
        }
        client.out().println(client.json ? Json.write(r.body()) : line(r.body()));
        client.out().flush();
        return 0;
    }

    /** {@code checkout: on in production, staging (version 7)}, or that nothing changed; the flag's version. */
    private String line(JsonNode outcome) {
        JsonNode flag = outcome.get("flag");
        return key + ": " + (outcome.get("changed").asBoolean() ? "" : "nothing changed, ") + FlagRender.where(flag)
                + " (version " + flag.get("version").asText() + ")";
    }
}
