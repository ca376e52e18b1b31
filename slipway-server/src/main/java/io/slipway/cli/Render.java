package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Human-readable output of API answers for the client verbs. */
final class Render {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private Render() {
    }

    static String time(JsonNode instant) {
        return instant == null || instant.isNull() ? "--:--:--.---" : time(Instant.parse(instant.asText()));
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "-" : v.asText();
    }

    /** {@code #3 web v2 (blue-green) SUCCEEDED by alice, 2.4s}. */
    static String deploymentLine(JsonNode d) {
        String took = "";
        if (d.hasNonNull("finishedAt")) {
            took = ", " + seconds(Duration.between(Instant.parse(d.get("createdAt").asText()),
                    Instant.parse(d.get("finishedAt").asText())));
        }
        String reason = d.hasNonNull("reason") ? ": " + d.get("reason").asText() : "";
        if (d.hasNonNull("paused") && "RUNNING".equals(text(d, "state"))) {
            reason += " PAUSED: " + d.get("paused").asText();
        }
        return "#" + d.get("id").asText() + " " + text(d, "app") + " " + text(d, "version") + " ("
                + text(d, "strategy").toLowerCase().replace('_', '-') + ") " + text(d, "state") + " by "
                + text(d, "requestedBy") + took + reason;
    }

    static void steps(PrintWriter out, JsonNode d, String indent) {
        for (JsonNode s : d.get("steps")) {
            String mark = switch (s.get("state").asText()) {
                case "DONE" -> "[done]";
                case "FAILED" -> "[FAIL]";
                case "SKIPPED" -> "[skip]";
                case "RUNNING" -> "[....]";
                default -> "[    ]";
            };
            String took = !"SKIPPED".equals(s.get("state").asText()) && s.hasNonNull("startedAt") && s.hasNonNull("finishedAt")
                    ? seconds(Duration.between(Instant.parse(s.get("startedAt").asText()),
                    Instant.parse(s.get("finishedAt").asText()))) : "";
            out.printf("%s%s %-16s %7s  %s%n", indent, mark, s.get("name").asText(), took, text(s, "detail"));
        }
    }

    /** Every analysis run and guard decision with each check's evidence; nothing when there were none. */
    static void analyses(PrintWriter out, JsonNode d, String indent) {
        JsonNode runs = d.get("analyses");
        if (runs == null || runs.isEmpty()) {
            return;
        }
        out.println(indent + "analysis:");
        for (JsonNode run : runs) {
            out.printf("%s  %s %s %s%n", indent, time(run.get("at")), text(run, "name"), text(run, "phase"));
            for (JsonNode c : run.get("checks")) {
                out.printf("%s    %-12s %s%n", indent, "[" + text(c, "verdict") + "]",
                        c.get("evidence").get("explanation").asText());
            }
            if (run.get("checks").isEmpty()) {
                out.printf("%s    %s%n", indent, text(run, "message"));
            }
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + "ms" : String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
