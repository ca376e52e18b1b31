package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import io.slipway.flags.Evaluator;
import io.slipway.flags.FlagContext;
import io.slipway.flags.Ruleset;

import java.io.PrintWriter;
import java.util.BitSet;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The demo's feature-flag part, through the admin API as a user would drive it: the seed's migration
 * flag with admins first and a 20 % rollout, evaluated locally on the rules SDKs receive, raised to
 * 40 %, then switched off with the seed's kill-switch endpoint.
 */
final class DemoFlags {
    static final String FLAG = "db-prices";
    private static final int USERS = 10_000;
    private final ApiClient api;
    private final PrintWriter out;

    DemoFlags(ApiClient api, PrintWriter out) {
        this.api = api;
        this.out = out;
    }

    /** Runs the steps; true when each answer was the expected one. */
    boolean run() {
        ok(api.put("api/v1/segments/admins", Map.of("description", "staff", "constraints",
                java.util.List.of(Map.of("contextName", "role", "operator", "IN", "values", java.util.List.of("admin"))))));
        ok(api.put("api/v1/flags/" + FLAG, Json.MAPPER.valueToTree(Map.of("description",
                "prices from the database instead of the cache", "category", "migration", "environments",
                Map.of("production", Map.of("enabled", true, "strategies", java.util.List.of(
                        Map.of("name", "admins", "segments", java.util.List.of("admins")),
                        Map.of("name", "everyone", "rollout", 20))))))));
        boolean admin = evaluate(Map.of("userId", "ada", "properties", Map.of("role", "admin")), "ada (admin)");
        boolean user = evaluate(Map.of("userId", "user-7"), "user-7");
        BitSet at20 = usersOn();
        say(String.format("  rollout 20 %%: %d of %d users on (evaluated locally, as the SDK does)", at20.cardinality(), USERS));
        ok(api.post("api/v1/flags/" + FLAG + "/rollout", Map.of("environment", "production", "percent", 40)));
        BitSet at40 = usersOn();
        BitSet dropped = (BitSet) at20.clone();
        dropped.andNot(at40);
        say(String.format("  rollout 40 %%: %d of %d users on; of those on at 20 %%, %d dropped out", at40.cardinality(),
                USERS, dropped.cardinality()));
        JsonNode killed = ok(api.post("api/admin/feature-flags/disable", Map.of("flagName", FLAG)));
        int afterKill = usersOn().cardinality();
        say("  kill switch (POST /api/admin/feature-flags/disable): " + killed.path("message").asText(killed.toString())
                + "; " + afterKill + " users on");
        return admin && !user && Math.abs(at20.cardinality() - USERS / 5) < USERS / 50 && dropped.isEmpty()
                && Math.abs(at40.cardinality() - 2 * USERS / 5) < USERS / 50 && afterKill == 0;
    }

    private boolean evaluate(Map<String, Object> context, String who) {
        JsonNode e = ok(api.post("api/v1/flags/" + FLAG + "/evaluate", Map.of("context", context)));
        say(String.format("  %-12s -> %s (%s%s)", who, e.get("enabled").asBoolean() ? "on" : "off",
                e.get("reason").asText().toLowerCase().replace('_', ' '),
                e.hasNonNull("strategy") ? ": " + e.get("strategy").asText() : ""));
        return e.get("enabled").asBoolean();
    }

    /** Which of the users get the flag, by the rules SDKs get now. */
    private BitSet usersOn() {
        Ruleset rules = Json.MAPPER.convertValue(ok(api.get("api/v1/flags/ruleset?environment=production")), Ruleset.class);
        Evaluator evaluator = Evaluator.of(rules);
        BitSet on = new BitSet(USERS);
        IntStream.range(0, USERS).filter(i -> evaluator.isEnabled(FLAG, FlagContext.ofUser("user-" + i))).forEach(on::set);
        return on;
    }

    private static JsonNode ok(ApiClient.Response r) {
        if (!r.ok()) {
            throw new IllegalStateException("the server refused the demo's request: " + r.error());
        }
        return r.body();
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
