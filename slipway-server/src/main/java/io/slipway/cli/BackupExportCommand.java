package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway backup export APP DIR}: every table of the app's database as JSON lines or a SQL dump. */
@Command(name = "export", description = "Export every table of the app's database into DIR (on the server's machine):"
        + " JSON lines per table plus schema.json, or one dump.sql. Portable between SQLite and PostgreSQL.")
final class BackupExportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Parameters(index = "1", description = "directory to write")
    Path dir;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (default) or sql")
    String format;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().post("api/v1/apps/" + app + "/export",
                Map.of("dir", dir.toAbsolutePath().toString(), "format", format));
        if (!r.ok()) {
            return client.refused(r);
        }
        client.out().println(client.json ? Json.write(r.body()) : "exported " + r.body().get("rowCounts") + " into "
                + r.body().get("dir").asText());
        client.out().flush();
        return 0;
    }
}
