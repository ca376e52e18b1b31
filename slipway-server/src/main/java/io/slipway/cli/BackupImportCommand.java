package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway backup import APP DIR}: load an export into the app's database, after a safety backup. */
@Command(name = "import", description = "Load an export (slipway backup export) into the app's database, after a"
        + " safety backup; refused while the app runs, and for tables that hold rows unless --replace.")
final class BackupImportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Parameters(index = "1", description = "the export's directory")
    Path dir;

    @Option(names = "--replace", description = "replace the rows of tables that already have some")
    boolean replace;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().post("api/v1/apps/" + app + "/import",
                Map.of("dir", dir.toAbsolutePath().toString(), "replace", replace));
        if (!r.ok()) {
            return client.refused(r);
        }
        client.out().println(client.json ? Json.write(r.body()) : "imported " + r.body().at("/result/rowCounts")
                + "; the database before it is in backup " + r.body().get("safetyBackup").asText());
        client.out().flush();
        return 0;
    }
}
