package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code slipway backup VERB APP}: backups of an app's database, one class per verb. */
@Command(name = "backup", description = "Back up an app's database, list, verify, restore and prune its backups.",
        subcommands = {BackupNowCommand.class, BackupListCommand.class, BackupVerifyCommand.class,
                BackupRestoreCommand.class, BackupPruneCommand.class, BackupExportCommand.class,
                BackupImportCommand.class})
final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing verb: slipway backup "
                + String.join("|", spec.subcommands().keySet()));
    }

    static String path(String app) {
        return "api/v1/apps/" + app + "/backups";
    }

    /** One line per backup: id, kind, status, start, size and rows, or the error. */
    static void line(PrintWriter out, JsonNode b) {
        JsonNode manifest = manifest(b);
        long rows = 0;
        if (manifest != null) {
            for (JsonNode n : manifest.path("rows")) {
                rows += n.asLong();
            }
        }
        out.printf("%-34s %-10s %-8s %s  %s%n", b.get("id").asText(), b.get("kind").asText(), b.get("status").asText(),
                b.get("startedAt").asText(), b.get("status").asText().equals("FAILED") ? b.path("error").asText()
                        : b.hasNonNull("storedBytes") ? bytes(b.get("storedBytes").asLong()) + ", " + rows + " rows"
                        + (manifest != null && manifest.at("/archive/encrypted").asBoolean() ? ", encrypted" : "") : "");
    }

    /** The manifest stored with a backup, or null when it has none (yet) or it does not parse. */
    static JsonNode manifest(JsonNode backup) {
        if (!backup.hasNonNull("manifestJson")) {
            return null;
        }
        try {
            return io.slipway.api.Json.MAPPER.readTree(backup.get("manifestJson").asText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    static String bytes(long n) {
        return n < 1024 ? n + " B" : n < 1024 * 1024 ? String.format("%.1f KiB", n / 1024.0)
                : n < 1L << 30 ? String.format("%.1f MiB", n / 1048576.0) : String.format("%.2f GiB", n / (double) (1L << 30));
    }
}
