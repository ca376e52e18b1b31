package io.slipway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The flag admin API as the propagation benchmark drives it: create one flag, change its rollout, read
 * the ruleset's version. HTTP/1.1 on one keep-alive connection, as an operator's script would use it.
 */
final class FlagAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final String flags;
    private final String environment;

    FlagAdmin(URI server, String environment) {
        this.flags = server.toString().replaceAll("/+$", "") + "/api/v1/flags/";
        this.environment = environment;
    }

    /** Creates or replaces {@code key}: on in the environment, rolled out to {@code percent}. */
    void create(String key, int percent) throws IOException, InterruptedException {
        String body = "{\"environments\":{\"" + environment + "\":{\"enabled\":true,\"strategies\":[{\"rollout\":"
                + percent + "}]}}}";
        send(HttpRequest.newBuilder(URI.create(flags + key)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Changes the rollout; returns the flag state's version after the change (what SDKs' rulesets carry). */
    long rollout(String key, int percent) throws IOException, InterruptedException {
        String body = "{\"environment\":\"" + environment + "\",\"percent\":" + percent + "}";
        JsonNode outcome = send(HttpRequest.newBuilder(URI.create(flags + key + "/rollout"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (!outcome.path("changed").asBoolean()) {
            throw new IOException("rollout of " + key + " to " + percent + " % changed nothing: " + outcome);
        }
        return outcome.path("version").asLong();
    }

    /** The version of the environment's ruleset as SDKs get it now. */
    long rulesetVersion() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(flags + "ruleset?environment=" + environment)).GET())
                .path("version").asLong();
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(TIMEOUT).header("Content-Type", "application/json").build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(built.method() + " " + built.uri() + ": status " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
