package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** How migration answers read in a terminal: the status table, DONE and FAILED lines, problems. */
final class MigrationRender {
    private static final DateTimeFormatter INSTALLED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final List<String> HEADER = List.of("VERSION", "DESCRIPTION", "TYPE", "STATE", "INSTALLED ON (UTC)",
            "BY", "TIME", "BACKUP");

    private MigrationRender() {
    }

    /** {@code shop: /srv/shop.db at version 2, 1 pending}, the table, then files that are not scripts. */
    static void status(PrintWriter out, JsonNode s) {
        out.println(s.get("app").asText() + ": " + s.get("database").asText() + " "
                + (s.get("current").isNull() ? "with no version applied" : "at version " + s.get("current").asText())
                + ", " + s.get("pending").asInt() + " pending");
        List<List<String>> rows = new ArrayList<>();
        s.get("entries").forEach(e -> rows.add(row(e)));
        table(out, rows);
        if (!s.get("ignoredFiles").isEmpty()) {
            out.println("ignored (not scripts): " + String.join(", ", texts(s.get("ignoredFiles"))));
        }
    }

    private static List<String> row(JsonNode e) {
        return List.of(text(e, "version"), e.get("description").asText(), e.get("type").asText(),
                e.get("state").asText() + (e.get("contract").asBoolean() ? " (contract)" : ""),
                e.get("installedOn").isNull() ? "" : INSTALLED.format(Instant.parse(e.get("installedOn").asText())),
                text(e, "installedBy"), e.get("executionMillis").isNull() ? "" : e.get("executionMillis").asLong() + " ms",
                text(e, "backup"));
    }

    private static void table(PrintWriter out, List<List<String>> rows) {
        int[] widths = HEADER.stream().mapToInt(String::length).toArray();
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        line(out, HEADER, widths);
        rows.forEach(row -> line(out, row, widths));
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(String.format("%-" + widths[i] + "s  ", cells.get(i)));
        }
        out.println(line.toString().stripTrailing());
    }

    /** A DONE line per change, then where it leaves the app and the backup taken before it. */
    static void done(PrintWriter out, JsonNode run) {
        String app = run.get("app").asText();
        String verb = run.get("operation").asText();
        if (run.get("changes").isEmpty()) {
            out.println(app + ": migrate " + verb + ": nothing to do");
            return;
        }
        run.get("changes").forEach(c -> out.println("DONE    " + c.asText()));
        out.println(app + ": migrate " + verb + " done" + (run.get("backup").isNull() ? ", no backup taken"
                : "; backup " + run.get("backup").asText() + " taken before it"));
    }

    /**
     * The scripts that ran before a failure as DONE lines, then on {@code err} FAILED with the server's
     * message (which names the script, the lock's owner or the files), and the version when a script failed.
     */
    static void failed(PrintWriter out, PrintWriter err, JsonNode error) {
        error.path("applied").forEach(s -> out.println("DONE    " + s.asText()));
        String version = error.hasNonNull("version") ? "version " + error.get("version").asText() + ": " : "";
        err.println("FAILED  " + version + error.path("error").asText("no answer"));
    }

    /** One line per problem validate found: its kind, the script, what to do. */
    static void problems(PrintWriter out, JsonNode validation) {
        if (validation.get("ok").asBoolean()) {
            out.println(validation.get("app").asText() + ": OK, the history and the scripts agree");
            return;
        }
        validation.get("problems").forEach(p -> out.println(String.format("%-12s %s", p.get("kind").asText(),
                p.get("message").asText())));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : "";
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
