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

/** {@code slipway flags rollout KEY PCT [--env E] [--strategy NAME]}: 20 → 40 → 60 → 80 → 100 %. */
@Command(name = "rollout", description = "Set the percentage of users a flag reaches: its last strategy's rollout,"
        + " or the named one's. Does not switch the flag on.")
final class FlagRolloutCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "flag key")
    String key;

    @Parameters(index = "1", description = "percentage, 0 to 100")
    int percent;

    @Option(names = "--env", description = "environment (needed when several are configured)")
    String environment;

    @Option(names = "--strategy", description = "the strategy to change (default: the last one)")
    String strategy;

    @Option(names = "--reason", description = "why, kept in the flag's history")
    String reason;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environment", environment);
        body.put("percent", percent);
        body.put("strategy", strategy);
        body.put("reason", reason);
        body.values().removeIf(v -> v == null);
        ApiClient.Response r = client.client().post(FlagsCommand.path(key) + "/rollout", body);
        if (!r.ok()) {
            return client.refused(r);
        }
        client.out().println(client.json ? Json.write(r.body()) : line(r.body()));
        client.out().flush();
        return 0;
    }

    private String line(JsonNode outcome) {
        JsonNode flag = outcome.get("flag");
        StringBuilder states = new StringBuilder();
        flag.get("environments").fields().forEachRemaining(e -> states.append(states.length() == 0 ? "" : ", ")
                .append(e.getKey()).append(' ').append(FlagRender.state(e.getValue())));
        return key + ": " + (outcome.get("changed").asBoolean() ? "" : "nothing changed, ") + states
                + " (version " + flag.get("version").asText() + ")";
    }
}
