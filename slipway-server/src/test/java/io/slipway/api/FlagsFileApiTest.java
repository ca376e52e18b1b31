package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.slipway.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /api/v1/flags/file} and the flags.yaml metric, on a real server with a real file. */
class FlagsFileApiTest {
    static final String FILE = """
            flags:
              new-checkout:
                category: checkout
                environments:
                  production:
                    enabled: true
                    strategies: [{name: everyone, rollout: 20}]
            """;

    @TempDir
    Path dir;
    ApiFixture api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void reportsTheFileAppliedTheFlagsItDeclaresAndThoseItDoesNot() throws IOException {
        Path file = Files.writeString(dir.resolve("flags.yaml"), FILE);
        api = new ApiFixture(dir, List.of("production"), file);
        api.post("/api/v1/flags", "{\"key\": \"legacy\"}");

        HttpResponse<String> r = api.get("/api/v1/flags/file");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode status = json(r);
        assertThat(status.get("path").asText()).isEqualTo(file.toString());
        assertThat(status.get("status").asText()).isEqualTo("ok");
        assertThat(status.get("error").isNull()).isTrue();
        assertThat(status.get("hash").asText()).hasSize(64);
        assertThat(status.get("appliedAt").asText()).isNotBlank();
        assertThat(status.get("flags")).extracting(JsonNode::asText).containsExactly("new-checkout");
        assertThat(status.get("notInFile")).extracting(JsonNode::asText).containsExactly("legacy");
        assertThat(api.get("/api/v1/flags/new-checkout/history").body()).contains("\"who\":\"flags.yaml\"");
        assertThat(api.get("/metrics").body()).contains("slipway_flags_file_valid 1.0");
    }

    @Test
    void reportsAnInvalidFileWithItsLineAndColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("flags.yaml"), FILE);
        api = new ApiFixture(dir, List.of("production"), file);

        Files.writeString(file, FILE.replace("rollout: 20", "rollout: 140"));

        await().until(() -> json(api.get("/api/v1/flags/file")).get("status").asText().equals("invalid"));
        JsonNode status = json(api.get("/api/v1/flags/file"));
        assertThat(status.get("error").asText()).isEqualTo(file + ":7:48: flags.new-checkout.environments.production"
                + ".strategies[0]: strategy everyone: rollout 140 must be a percentage from 0 to 100");
        assertThat(status.get("hash").asText()).isEqualTo(io.slipway.flags.FlagsFile.sha256(FILE));
        assertThat(api.get("/metrics").body()).contains("slipway_flags_file_valid 0.0");
        assertThat(api.get("/api/v1/flags/new-checkout").body()).contains("\"rollout\":20");
    }

    @Test
    void answers404WhenNoFileIsConfigured() {
        api = new ApiFixture(dir, List.of("production"));

        HttpResponse<String> r = api.get("/api/v1/flags/file");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("no flags file is configured (flags.file in slipway.yaml)");
        assertThat(api.put("/api/v1/flags/file", "{}").statusCode()).as("not a flag key either").isEqualTo(400);
    }
}
