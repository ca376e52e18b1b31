package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;

import java.io.PrintWriter;

/**
 * Follows a deployment through the API's long poll (the server answers as soon as a new event is
 * recorded), printing each event, and returns the exit code for its outcome.
 */
final class Follow {
    private static final long WAIT_MS = 5000;
    private final ApiClient api;
    private final PrintWriter out;
    private final boolean json;

    Follow(ApiClient api, PrintWriter out, boolean json) {
        this.api = api;
        this.out = out;
        this.json = json;
    }

    int until(JsonNode accepted) {
        long id = accepted.get("id").asLong();
        int seen = 0;
        JsonNode d = accepted;
        if (!json) {
            out.println("deployment #" + id + ": " + Render.text(d, "app") + " " + Render.text(d, "version")
                    + " (" + Render.text(d, "strategy").toLowerCase().replace('_', '-') + ")");
        }
        while (true) {
            seen = print(d, seen);
            if (!following(d)) {
                break;
            }
            ApiClient.Response r = api.get("api/v1/deployments/" + id + "?events=" + seen + "&waitMs=" + WAIT_MS);
            if (!r.ok()) {
                out.println("error: " + r.error());
                return 1;
            }
            d = r.body();
        }
        if (json) {
            out.println(Json.write(d));
        } else {
            out.println(Render.deploymentLine(d));
            Render.steps(out, d, "  ");
            Render.analyses(out, d, "  ");
            if (d.hasNonNull("paused") && "RUNNING".equals(d.get("state").asText())) {
                String app = Render.text(d, "app");
                out.println("waiting for a decision: slipway promote " + app + " | slipway resume " + app
                        + " | slipway abort " + app);
            }
        }
        out.flush();
        boolean paused = "RUNNING".equals(d.get("state").asText()) && d.hasNonNull("paused");
        return "SUCCEEDED".equals(d.get("state").asText()) || paused ? 0 : 1;
    }

    /**
     * Until the deployment's outcome is decided; a rollback's output also waits for the steps after
     * it (stopping the version rolled back from, then the schema policy), which take moments, so
     * that it says what was done with the schema. A deployment's keep-warm can take minutes.
     */
    private static boolean following(JsonNode d) {
        String state = d.get("state").asText();
        if (d.hasNonNull("paused")) {
            return false;
        }
        return "RUNNING".equals(state) || "ROLLBACK".equals(d.path("strategy").asText()) && "SUCCEEDED".equals(state)
                && stepsLeft(d);
    }

    private static boolean stepsLeft(JsonNode d) {
        for (JsonNode s : d.path("steps")) {
            String state = s.path("state").asText();
            if ("PENDING".equals(state) || "RUNNING".equals(state)) {
                return true;
            }
        }
        return false;
    }

    private int print(JsonNode d, int seen) {
        JsonNode events = d.get("events");
        if (events == null) {
            return seen;
        }
        for (int i = seen; i < events.size(); i++) {
            if (!json) {
                out.println("  " + Render.time(events.get(i).get("at")) + "  " + events.get(i).get("message").asText());
            }
        }
        out.flush();
        return Math.max(seen, events.size());
    }
}
