package io.slipway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code slipway migrate plan APP [--to V]}: the SQL {@code up} would run now, as {@code up --dry-run} prints it. */
@Command(name = "plan", description = "Print exactly the SQL that migrate up would run (lock and history writes included).")
final class MigratePlanCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Option(names = "--to", paramLabel = "V", description = "up to this version (default: all pending)")
    String to;

    @Option(names = "--no-backup", description = "plan up without the backup before it")
    boolean noBackup;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<String> query = new ArrayList<>();
        if (to != null) {
            query.add("to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
        }
        if (noBackup) {
            query.add("noBackup=true");
        }
        ApiClient.Response r = client.client().get(MigrateCommand.path(app) + "/plan"
                + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        return MigrateCommand.show(client, r, (out, plan) -> out.print(plan.get("script").asText()));
    }
}
