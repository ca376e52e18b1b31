package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Human-readable output of flags for the {@code slipway flags} verbs. */
final class FlagRender {
    private FlagRender() {
    }

    /** One line per flag: key, category, on/off and rollout per environment, version. */
    static void table(PrintWriter out, JsonNode flags) {
        TreeSet<String> environments = new TreeSet<>();
        flags.forEach(f -> f.get("environments").fieldNames().forEachRemaining(environments::add));
        int keyWidth = 4;
        for (JsonNode f : flags) {
            keyWidth = Math.max(keyWidth, f.get("key").asText().length());
        }
        String row = "%-" + keyWidth + "s  %-16s" + "  %-12s".repeat(environments.size()) + "  %s%n";
        List<Object> header = new ArrayList<>(List.of("KEY", "CATEGORY"));
        environments.forEach(e -> header.add(e.toUpperCase()));
        header.add("VERSION");
        out.printf(row, header.toArray());
        for (JsonNode f : flags) {
            List<Object> cells = new ArrayList<>(List.of(f.get("key").asText(), Render.text(f, "category")));
            environments.forEach(e -> cells.add(state(f.get("environments").get(e))));
            cells.add(f.get("version").asText());
            out.printf(row, cells.toArray());
        }
    }

    /** {@code on}, {@code on 40%} (the last strategy's rollout), {@code off}, or {@code -} without state. */
    static String state(JsonNode environment) {
        if (environment == null || environment.isNull()) {
            return "-";
        }
        if (!environment.get("enabled").asBoolean()) {
            return "off";
        }
        JsonNode strategies = environment.get("strategies");
        int rollout = strategies.isEmpty() ? 100 : strategies.get(strategies.size() - 1).get("rollout").asInt();
        return rollout == 100 ? "on" : "on " + rollout + "%";
    }

    /** Everything about one flag, its strategies one per line. */
    static void details(PrintWriter out, JsonNode f) {
        out.printf("%s  (version %s, updated %s)%n", f.get("key").asText(), f.get("version").asText(),
                Render.text(f, "updatedAt"));
        for (String field : List.of("description", "category", "owner", "staleAfter")) {
            if (f.hasNonNull(field)) {
                out.printf("  %-12s %s%n", field, f.get(field).asText());
            }
        }
        if (!f.get("tags").isEmpty()) {
            List<String> tags = new ArrayList<>();
            f.get("tags").forEach(t -> tags.add(t.asText()));
            out.printf("  %-12s %s%n", "tags", String.join(", ", tags));
        }
        f.get("environments").fields().forEachRemaining(e -> {
            out.printf("  %-12s %s%n", e.getKey(), e.getValue().get("enabled").asBoolean() ? "on" : "off");
            e.getValue().get("strategies").forEach(s -> out.println("    " + strategy(s)));
        });
        f.get("variants").forEach(v -> out.printf("  variant      %s weight %s%n", v.get("name").asText(),
                v.get("weight").asText()));
        f.get("dependencies").forEach(d -> out.printf("  depends on   %s %s%n", d.get("flag").asText(),
                d.get("enabled").asBoolean() ? "on" : "off"));
    }

    /** {@code admins 100% segments admins, staff role IN ["admin"]}. */
    static String strategy(JsonNode s) {
        StringBuilder line = new StringBuilder(Render.text(s, "name")).append(' ').append(s.get("rollout").asInt())
                .append('%');
        if (!s.get("segments").isEmpty()) {
            List<String> names = new ArrayList<>();
            s.get("segments").forEach(n -> names.add(n.asText()));
            line.append(" segments ").append(String.join(", ", names));
        }
        for (JsonNode c : s.get("constraints")) {
            line.append(' ').append(c.get("contextName").asText()).append(c.get("inverted").asBoolean() ? " NOT " : " ")
                    .append(c.get("operator").asText()).append(' ')
                    .append(c.hasNonNull("value") ? c.get("value").asText() : c.get("values").toString());
        }
        return line.toString();
    }

    /** {@code #12 2026-03-01T10:00:00Z alice rollout production: reason}. */
    static String change(JsonNode c) {
        String where = c.hasNonNull("environment") ? " " + c.get("environment").asText() : "";
        String why = c.hasNonNull("reason") ? ": " + c.get("reason").asText() : "";
        return "#" + c.get("version").asText() + " " + c.get("at").asText() + " " + c.get("who").asText() + " "
                + c.get("action").asText() + where + why;
    }

    /** {@code on in production, staging} or {@code off everywhere}. */
    static String where(JsonNode f) {
        List<String> on = new ArrayList<>();
        f.get("environments").fields().forEachRemaining(e -> {
            if (e.getValue().get("enabled").asBoolean()) {
                on.add(e.getKey());
            }
        });
        return on.isEmpty() ? "off everywhere" : "on in " + String.join(", ", on);
    }
}
