package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.flags.Evaluator;
import io.slipway.flags.FlagContext;
import io.slipway.flags.Ruleset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static io.slipway.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The flag routes against a real server on port 0: CRUD, switches, rollout, evaluation, history, ruleset. */
class FlagApiTest {
    static final String CHECKOUT = """
            {"key": "checkout", "description": "new checkout", "category": "payments", "owner": "team-pay",
             "tags": ["migration"], "staleAfter": "2026-12-31",
             "environments": {"production": {"enabled": true, "strategies": [
                 {"name": "admins", "segments": ["admins"]},
                 {"name": "everyone", "rollout": 0}]}},
             "variants": [{"name": "blue", "weight": 1, "payload": {"type": "string", "value": "b"}}]}
            """;
    static final String ADMINS = """
            {"description": "staff", "constraints": [{"contextName": "role", "operator": "IN", "values": ["admin"]}]}
            """;

    @TempDir
    Path dir;
    ApiFixture api;

    @BeforeEach
    void start() {
        api = new ApiFixture(dir, List.of("production", "staging"));
        assertThat(api.put("/api/v1/segments/admins", ADMINS).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createsReadsReplacesAndDeletesAFlag() {
        HttpResponse<String> created = api.post("/api/v1/flags", CHECKOUT);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/flags/checkout");
        assertThat(json(created).get("version").asLong()).isEqualTo(1);
        assertThat(json(created).get("staleAfter").asText()).isEqualTo("2026-12-31");
        assertError(api.post("/api/v1/flags", CHECKOUT), 409, "key", "flag \"checkout\" already exists");

        HttpResponse<String> read = api.get("/api/v1/flags/checkout");
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
        String edited = CHECKOUT.replace("new checkout", "the new checkout");
        HttpResponse<String> replaced = api.put("/api/v1/flags/checkout", edited, "If-Match", "\"1\"");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(json(replaced).get("version").asLong()).isEqualTo(2);
        assertThat(json(replaced).get("description").asText()).isEqualTo("the new checkout");
        assertError(api.put("/api/v1/flags/checkout", CHECKOUT, "If-Match", "1"), 409, "If-Match",
                "flag \"checkout\" is at version 2, not 1");
        assertError(api.put("/api/v1/flags/checkout", CHECKOUT, "If-Match", "soon"), 400, "If-Match",
                "If-Match: \"soon\" is not a flag version");

        assertThat(api.delete("/api/v1/flags/checkout").statusCode()).isEqualTo(200);
        assertError(api.get("/api/v1/flags/checkout"), 404, "key", "flag \"checkout\" does not exist");
        assertThat(api.put("/api/v1/flags/checkout", edited).statusCode()).as("PUT creates").isEqualTo(201);
    }

    @Test
    void refusesBadFlagBodiesNamingTheFieldAndValue() {
        assertError(api.put("/api/v1/flags/x", "{\"key\": "), 400, "body", "request body is not valid JSON");
        assertError(api.put("/api/v1/flags/x", "[]"), 400, "body", "expected a JSON object");
        assertError(api.put("/api/v1/flags/x", "{\"key\": \"y\"}"), 400, "key",
                "key: \"y\" does not match the path, which names x");
        assertError(api.put("/api/v1/flags/x", "{\"colour\": \"blue\"}"), 400, "colour",
                "colour: \"blue\" is not a known field (expected one of category, createdAt,");
        assertErrorValue(api.put("/api/v1/flags/x", "{\"environments\": {\"qa\": {\"enabled\": true}}}"), 400,
                "environments", "qa", "environments: \"qa\" is not a configured environment (flags.environments"
                        + " in slipway.yaml: production, staging)");
        assertError(api.put("/api/v1/flags/x", strategy("{\"rollout\": 140}")), 400,
                "environments.production.strategies[0]", "rollout 140 must be a percentage from 0 to 100");
        assertErrorValue(api.put("/api/v1/flags/x", strategy("{\"rollout\": \"half\"}")), 400,
                "environments.production.strategies[0].rollout", "half", "is not a whole number");
        assertErrorValue(api.put("/api/v1/flags/x", strategy("{\"segments\": [\"nobody\"]}")), 400,
                "environments.production.strategies[0].segments", "nobody", "is not a segment (segments: admins)");
        assertError(api.put("/api/v1/flags/x", strategy("{\"constraints\": [{\"contextName\": \"role\","
                        + " \"operator\": \"EQUALS\", \"values\": [\"a\"]}]}")), 400,
                "environments.production.strategies[0].constraints[0].operator", "is not one of IN, NOT_IN,");
        assertError(api.put("/api/v1/flags/x", "{\"staleAfter\": \"tomorrow\"}"), 400, "staleAfter",
                "staleAfter: \"tomorrow\" is not a date (YYYY-MM-DD, e.g. 2026-12-31)");
        assertError(api.put("/api/v1/flags/x", "{\"variants\": [{\"name\": \"a\", \"weight\": 0}]}"), 400,
                "variants", "variants: \"0\" is the sum of the weights; it must be more than 0");
        assertError(api.put("/api/v1/flags/x", "{\"dependencies\": [{\"flag\": \"nope\"}]}"), 400,
                "dependencies[0].flag", "dependencies[0].flag: \"nope\" is not a flag");
        assertError(api.put("/api/v1/flags/ruleset", "{}"), 400, "key", "key: \"ruleset\" is reserved");
        assertThat(api.get("/api/v1/flags").body()).isEqualTo("[]");
    }

    @Test
    void enablesDisablesAndRollsOutOneEnvironmentAtATime() {
        api.post("/api/v1/flags", CHECKOUT);
        assertError(api.post("/api/v1/flags/checkout/enable", ""), 400, "environment",
                "environment: missing; name one of production, staging");
        JsonNode enabled = json(api.post("/api/v1/flags/checkout/enable", "{\"environment\": \"staging\"}"));
        assertThat(enabled.get("changed").asBoolean()).isTrue();
        assertThat(enabled.at("/flag/environments/staging/enabled").asBoolean()).isTrue();

        JsonNode rolled = json(api.post("/api/v1/flags/checkout/rollout", "{\"environment\": \"production\","
                + " \"percent\": 40}"));
        assertThat(rolled.at("/flag/environments/production/strategies/1/rollout").asInt()).isEqualTo(40);
        assertThat(rolled.get("version").asLong()).isEqualTo(api.plane.flags().version());
        assertErrorValue(api.post("/api/v1/flags/checkout/rollout", "{\"environment\": \"production\", \"percent\": 140}"),
                400, "percent", 140, "percent: \"140\" must be a whole number from 0 to 100");
        assertError(api.post("/api/v1/flags/checkout/rollout", "{\"environment\": \"production\", \"percent\": \"40\"}"),
                400, "percent", "percent: \"40\" must be a whole number");
        assertError(api.post("/api/v1/flags/checkout/rollout", "{\"environment\": \"qa\", \"percent\": 40}"),
                400, "environment", "environment: \"qa\" is not a configured environment");
        assertError(api.post("/api/v1/flags/checkout/rollout", "{\"environment\": \"production\", \"percent\": 5,"
                + " \"strategy\": \"beta\"}"), 400, "strategy", "is not a strategy of checkout in production"
                + " (strategies: admins, everyone)");
        assertError(api.post("/api/v1/flags/nope/enable", "{\"environment\": \"staging\"}"), 404, "key",
                "flag \"nope\" does not exist");

        JsonNode killed = json(api.post("/api/v1/flags/checkout/disable", ""));
        assertThat(killed.at("/flag/environments/production/enabled").asBoolean()).isFalse();
        assertThat(killed.at("/flag/environments/staging/enabled").asBoolean()).isFalse();
        assertThat(json(api.post("/api/v1/flags/checkout/disable", "")).get("changed").asBoolean()).isFalse();
    }

    @Test
    void evaluatesAContextGivenNestedOrAtTheTopLevel() {
        api.post("/api/v1/flags", CHECKOUT);
        JsonNode admin = json(api.post("/api/v1/flags/checkout/evaluate",
                "{\"environment\": \"production\", \"context\": {\"userId\": \"u1\", \"properties\": {\"role\": \"admin\"}}}"));
        assertThat(admin.get("enabled").asBoolean()).isTrue();
        assertThat(admin.get("reason").asText()).isEqualTo("STRATEGY_MATCHED");
        assertThat(admin.get("strategy").asText()).isEqualTo("admins");
        assertThat(admin.at("/variant/name").asText()).isEqualTo("blue");
        assertThat(admin.at("/variant/payload/value").asText()).isEqualTo("b");
        assertThat(admin.get("version").asLong()).isEqualTo(api.plane.flags().version());

        JsonNode user = json(api.post("/api/v1/flags/checkout/evaluate", "{\"userId\": \"u2\", \"properties\": {\"role\": 7}}"));
        assertThat(user.get("enabled").asBoolean()).isFalse();
        assertThat(user.get("reason").asText()).isEqualTo("NO_STRATEGY_MATCHED");
        assertThat(user.at("/variant/name").asText()).isEqualTo("disabled");
        assertThat(json(api.post("/api/v1/flags/checkout/evaluate", "{\"environment\": \"staging\"}"))
                .get("reason").asText()).isEqualTo("DISABLED");

        assertError(api.post("/api/v1/flags/nope/evaluate", "{}"), 404, "key", "flag \"nope\" does not exist");
        assertError(api.post("/api/v1/flags/checkout/evaluate", "{\"user\": \"u1\"}"), 400, "user", "is not a known field");
        assertError(api.post("/api/v1/flags/checkout/evaluate", "{\"context\": {\"usrId\": \"u1\"}}"), 400,
                "context.usrId", "is not a context field");
        assertError(api.post("/api/v1/flags/checkout/evaluate", "{\"userId\": \"u1\", \"context\": {}}"), 400,
                "userId", "put it inside \"context\" or give the whole context at the top level, not both");
        assertError(api.post("/api/v1/flags/checkout/evaluate", "{\"currentTime\": \"noon\"}"), 400,
                "currentTime", "is not an ISO-8601 instant");
        assertError(api.post("/api/v1/flags/checkout/evaluate", "{\"environment\": \"qa\"}"), 400,
                "environment", "is not a configured environment");
    }

    @Test
    void keepsTheHistoryWithWhoAndBeforeAndAfter() {
        api.post("/api/v1/flags", CHECKOUT);
        api.post("/api/v1/flags/checkout/enable", "{\"environment\": \"staging\", \"reason\": \"testers\"}");
        api.put("/api/v1/flags/checkout", CHECKOUT.replace("team-pay", "team-web"));

        JsonNode history = json(api.get("/api/v1/flags/checkout/history"));
        assertThat(history).extracting(c -> c.get("action").asText()).containsExactly("update", "enable", "create");
        assertThat(history).extracting(c -> c.get("who").asText()).containsExactly("api", "tester", "tester");
        assertThat(history.get(1).get("reason").asText()).isEqualTo("testers");
        assertThat(history.get(1).get("environment").asText()).isEqualTo("staging");
        assertThat(history.get(0).at("/before/owner").asText()).isEqualTo("team-pay");
        assertThat(history.get(0).at("/after/owner").asText()).isEqualTo("team-web");
        assertThat(history.get(2).get("before").isNull()).isTrue();
        assertThat(json(api.get("/api/v1/flags/checkout/history?limit=1"))).hasSize(1);
        assertError(api.get("/api/v1/flags/nope/history"), 404, "key", "flag \"nope\" does not exist");
    }

    @Test
    void listsFlagsByCategoryAndEnvironment() {
        api.post("/api/v1/flags", CHECKOUT);
        api.post("/api/v1/flags", "{\"key\": \"search\", \"category\": \"search\","
                + " \"environments\": {\"staging\": {\"enabled\": true}}}");

        assertThat(json(api.get("/api/v1/flags"))).extracting(f -> f.get("key").asText()).containsExactly("checkout", "search");
        assertThat(json(api.get("/api/v1/flags?category=payments"))).extracting(f -> f.get("key").asText())
                .containsExactly("checkout");
        JsonNode staging = json(api.get("/api/v1/flags?environment=staging"));
        assertThat(staging.get(0).get("environments").size()).isZero();
        assertThat(staging.get(1).at("/environments/staging/enabled").asBoolean()).isTrue();
        assertError(api.get("/api/v1/flags?environment=qa"), 400, "environment", "is not a configured environment");
    }

    @Test
    void servesTheRulesetWithAnETagAndAnswers304WhileItIsCurrent() throws Exception {
        api.post("/api/v1/flags", CHECKOUT);
        HttpResponse<String> first = api.get("/api/v1/flags/ruleset?environment=production");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        Ruleset ruleset = Json.MAPPER.readValue(first.body(), Ruleset.class);
        assertThat(etag).isEqualTo("\"" + ruleset.version() + "\"");
        assertThat(ruleset.environment()).isEqualTo("production");
        assertThat(ruleset.segments()).extracting(s -> s.name()).containsExactly("admins");
        assertThat(Evaluator.of(ruleset).isEnabled("checkout",
                FlagContext.builder().userId("u").set("role", "admin").build())).isTrue();

        HttpResponse<String> same = api.get("/api/v1/flags/ruleset?environment=production", "If-None-Match", etag);
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        api.post("/api/v1/flags/checkout/disable", "{\"environment\": \"production\"}");
        HttpResponse<String> changed = api.get("/api/v1/flags/ruleset", "If-None-Match", etag);
        assertThat(changed.statusCode()).as("default environment: production").isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
        assertThat(Json.MAPPER.readValue(changed.body(), Ruleset.class).flags().get(0).enabled()).isFalse();
        assertError(api.get("/api/v1/flags/ruleset?environment=qa"), 400, "environment", "is not a configured environment");
    }

    @Test
    void managesSegmentsAndRefusesToDeleteOneInUse() {
        assertThat(api.put("/api/v1/segments/admins", ADMINS).statusCode()).as("unchanged").isEqualTo(200);
        api.post("/api/v1/flags", CHECKOUT);
        assertThat(json(api.get("/api/v1/segments"))).extracting(s -> s.get("name").asText()).containsExactly("admins");
        assertThat(json(api.get("/api/v1/segments/admins")).get("description").asText()).isEqualTo("staff");
        assertError(api.delete("/api/v1/segments/admins"), 409, "name",
                "segment \"admins\" cannot be deleted while flags use it: checkout");
        assertError(api.put("/api/v1/segments/big", "{\"constraints\": [{\"contextName\": \"age\","
                + " \"operator\": \"NUM_GT\", \"value\": \"old\"}]}"), 400, "constraints[0]", "\"old\" is not a number");
        assertError(api.get("/api/v1/segments/nope"), 404, "name", "segment \"nope\" does not exist");

        api.delete("/api/v1/flags/checkout");
        assertThat(api.delete("/api/v1/segments/admins").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/segments").body()).isEqualTo("[]");
    }

    @Test
    void countsFlagChangesAndStreamClientsOnMetrics() {
        api.post("/api/v1/flags", CHECKOUT);
        api.post("/api/v1/flags/checkout/disable", "");
        System.gc(); // a gauge whose value source was only weakly held would read NaN from now on

        assertThat(api.get("/metrics").body())
                .contains("slipway_flag_changes_total{action=\"create\"} 1.0")
                .contains("slipway_flag_changes_total{action=\"disable\"} 1.0")
                .contains("slipway_flag_changes_total{action=\"segment-create\"} 1.0")
                .contains("slipway_flag_state_version " + api.plane.flags().version() + ".0")
                .contains("slipway_flag_stream_clients 0.0");
    }

    private static String strategy(String json) {
        return "{\"environments\": {\"production\": {\"enabled\": true, \"strategies\": [" + json + "]}}}";
    }

    static void assertError(HttpResponse<String> r, int status, String field, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("field").asText()).as(r.body()).isEqualTo(field);
        assertThat(body.get("error").asText()).contains(message);
    }

    private static void assertErrorValue(HttpResponse<String> r, int status, String field, Object value, String message) {
        assertError(r, status, field, message);
        assertThat(json(r).get("value").asText()).isEqualTo(String.valueOf(value));
    }
}
