package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static io.slipway.api.ApiFixture.json;
import static io.slipway.api.FlagApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The seed application's kill-switch endpoints (SPEC §5), exactly as it calls them. */
class FlagAdminRoutesTest {
    @TempDir
    Path dir;
    ApiFixture api;

    @BeforeEach
    void start() {
        api = new ApiFixture(dir, List.of("production", "staging"));
        create("db-reads", "cache-migration", true);
        create("db-writes", "cache-migration", false);
        create("new-search", "search", true);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void disableSwitchesTheFlagOffInEveryEnvironment() {
        HttpResponse<String> r = api.post("/api/admin/feature-flags/disable", "{\"flagName\": \"db-reads\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("flagName").asText()).isEqualTo("db-reads");
        assertThat(body.get("disabled").asBoolean()).isTrue();
        assertThat(body.get("changed").asBoolean()).isTrue();
        assertThat(body.get("environments")).extracting(JsonNode::asText).containsExactly("production", "staging");
        assertThat(body.get("message").asText())
                .isEqualTo("db-reads is now off in every environment (it was on in production, staging)");
        assertThat(body.get("version").asLong()).isEqualTo(api.plane.flags().version());
        assertThat(evaluate("db-reads", "production")).isFalse();
        assertThat(evaluate("db-reads", "staging")).isFalse();
        assertThat(evaluate("new-search", "production")).as("other flags untouched").isTrue();
        assertThat(json(api.get("/api/v1/flags/db-reads/history")).get(0).get("who").asText()).isEqualTo("tester");

        JsonNode again = json(api.post("/api/admin/feature-flags/disable", "{\"flagName\": \"db-reads\"}"));
        assertThat(again.get("changed").asBoolean()).isFalse();
        assertThat(again.get("message").asText()).isEqualTo("db-reads was already off in every environment; nothing changed");
    }

    @Test
    void disableRefusesAMissingOrUnknownFlag() {
        assertError(api.post("/api/admin/feature-flags/disable", "{\"flagName\": \"nope\"}"), 404, "flagName",
                "flag \"nope\" does not exist");
        assertError(api.post("/api/admin/feature-flags/disable", "{}"), 400, "flagName", "flagName: missing");
        assertError(api.post("/api/admin/feature-flags/disable", ""), 400, "body", "expected a JSON object");
        assertError(api.post("/api/admin/feature-flags/disable", "{\"flag\": \"db-reads\"}"), 400, "flag",
                "is not a known field");
        assertThat(evaluate("db-reads", "production")).isTrue();
    }

    @Test
    void disableAllSwitchesOffEveryFlagOfTheCategory() {
        HttpResponse<String> r = api.post("/api/admin/feature-flags/disable-all", "{\"category\": \"cache-migration\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("category").asText()).isEqualTo("cache-migration");
        assertThat(body.get("disabled")).extracting(JsonNode::asText).containsExactly("db-reads", "db-writes");
        assertThat(body.get("changed")).extracting(JsonNode::asText).containsExactly("db-reads");
        assertThat(body.get("message").asText()).isEqualTo("2 flags of category \"cache-migration\" now off in every"
                + " environment (1 switched off, the rest were off already)");
        assertThat(evaluate("db-reads", "production")).isFalse();
        assertThat(evaluate("new-search", "production")).isTrue();
    }

    @Test
    void disableAllOfACategoryNoFlagHasChangesNothingAndSaysSo() {
        long version = api.plane.flags().version();

        JsonNode body = json(api.post("/api/admin/feature-flags/disable-all", "{\"category\": \"cache\"}"));

        assertThat(body.get("disabled")).isEmpty();
        assertThat(body.get("message").asText()).isEqualTo("no flag has category \"cache\"; nothing changed"
                + " (categories: cache-migration, search)");
        assertThat(api.plane.flags().version()).isEqualTo(version);
        assertError(api.post("/api/admin/feature-flags/disable-all", "{}"), 400, "category", "category: missing");
        assertError(api.post("/api/admin/feature-flags/disable-all", "{\"category\": 3}"), 400, "category",
                "must be a non-empty string");
    }

    private void create(String key, String category, boolean on) {
        String body = "{\"key\": \"" + key + "\", \"category\": \"" + category + "\", \"environments\": {"
                + "\"production\": {\"enabled\": " + on + "}, \"staging\": {\"enabled\": " + on + "}}}";
        assertThat(api.post("/api/v1/flags", body).statusCode()).isEqualTo(201);
    }

    private boolean evaluate(String key, String environment) {
        return json(api.post("/api/v1/flags/" + key + "/evaluate", "{\"environment\": \"" + environment + "\"}"))
                .get("enabled").asBoolean();
    }
}
