package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks to a running Slipway server's admin API for the client verbs. */
final class ApiClient {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    ApiClient(URI base) {
        this.base = base;
    }

    /** A JSON answer with its HTTP status. */
    record Response(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }

        String error() {
            JsonNode e = body.get("error");
            return e == null ? "HTTP " + status : e.asText();
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), Duration.ofSeconds(30));
    }

    Response post(String path, Object body) {
        return post(path, body, Duration.ofSeconds(30));
    }

    /** A POST that may take {@code timeout} to answer, for operations that run until done on the server. */
    Response post(String path, Object body, Duration timeout) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : Json.write(body))), timeout);
    }

    Response put(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body))), Duration.ofSeconds(30));
    }

    URI base() {
        return base;
    }

    private Response send(HttpRequest.Builder request, Duration timeout) {
        request.timeout(timeout).header("X-Slipway-User", System.getProperty("user.name", "cli"));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
            return new Response(response.statusCode(), body);
        } catch (ConnectException e) {
            throw new Unreachable("cannot reach Slipway at " + base + ": connection refused;"
                    + " is `slipway server` running? (set --url or SLIPWAY_URL)");
        } catch (IOException e) {
            throw new Unreachable("cannot talk to Slipway at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while talking to " + base);
        }
    }

    /** The server could not be reached; the message says where we looked and what to check. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }
}
