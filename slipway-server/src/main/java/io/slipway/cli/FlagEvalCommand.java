package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway flags eval KEY [--env E] [--user ID] [--set name=value …]}: what would an SDK say? */
@Command(name = "eval", description = "Evaluate a flag for a context with the rules SDKs get: on or off, the"
        + " variant, and why.")
final class FlagEvalCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "flag key")
    String key;

    @Option(names = "--env", description = "environment (default: the first configured)")
    String environment;

    @Option(names = "--user", description = "the context's userId")
    String user;

    @Option(names = "--set", description = "a context field or property, e.g. --set role=admin (repeatable)")
    Map<String, String> fields = new LinkedHashMap<>();

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        Map<String, Object> context = new LinkedHashMap<>();
        if (user != null) {
            context.put("userId", user);
        }
        context.put("properties", fields);
        Map<String, Object> body = new LinkedHashMap<>();
        if (environment != null) {
            body.put("environment", environment);
        }
        body.put("context", context);
        ApiClient.Response r = client.client().post(FlagsCommand.path(key) + "/evaluate", body);
        if (!r.ok()) {
            return client.refused(r);
        }
        client.out().println(client.json ? Json.write(r.body()) : line(r.body()));
        client.out().flush();
        return 0;
    }

    /** {@code checkout: on in production, variant blue (STRATEGY_MATCHED by admins, ruleset version 7)}. */
    private static String line(JsonNode e) {
        String variant = e.at("/variant/name").asText();
        String strategy = e.hasNonNull("strategy") ? " by " + e.get("strategy").asText() : "";
        return e.get("flag").asText() + ": " + (e.get("enabled").asBoolean() ? "on" : "off") + " in "
                + e.get("environment").asText() + ("disabled".equals(variant) ? "" : ", variant " + variant)
                + " (" + e.get("reason").asText() + strategy + ", ruleset version " + e.get("version").asText() + ")";
    }
}
