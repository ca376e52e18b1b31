package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code slipway flags file}: whether the server's flags.yaml is in force, and if not, why. */
@Command(name = "file", description = "Show whether flags.yaml is applied (exit 0) or invalid or missing (exit 1),"
        + " with each problem's line and column and the flags it does not declare.")
final class FlagFileCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().get("api/v1/flags/file");
        if (!r.ok()) {
            return client.refused(r);
        }
        JsonNode status = r.body();
        if (client.json) {
            client.out().println(Json.write(status));
        } else {
            print(client.out(), status);
        }
        client.out().flush();
        return status.get("status").asText().equals("ok") ? 0 : Slipway.FAILED;
    }

    private static void print(PrintWriter out, JsonNode status) {
        String state = status.get("status").asText();
        String applied = status.hasNonNull("hash") ? "applied " + Render.text(status, "appliedAt") + ", sha256:"
                + status.get("hash").asText().substring(0, 12) : "never applied";
        out.println(status.get("path").asText() + ": " + switch (state) {
            case "ok" -> "ok (" + applied + ")";
            case "invalid" -> "INVALID; the last good content stays in force (" + applied + ")";
            default -> "MISSING; the flags stay as they are (" + applied + ")";
        });
        if (status.hasNonNull("error")) {
            status.get("error").asText().lines().forEach(line -> out.println("  " + line));
        }
        out.println("  declares: " + list(status.get("flags")));
        out.println("  not in flags.yaml: " + list(status.get("notInFile")));
    }

    private static String list(JsonNode keys) {
        List<String> texts = new ArrayList<>();
        keys.forEach(k -> texts.add(k.asText()));
        return texts.isEmpty() ? "-" : String.join(", ", texts);
    }
}
