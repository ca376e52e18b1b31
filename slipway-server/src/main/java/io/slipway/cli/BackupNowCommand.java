package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway backup now APP}: a backup of the app's database now, verified when the config says so. */
@Command(name = "now", description = "Back up the app's database now (online), then verify it when configured.")
final class BackupNowCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Option(names = "--reason", description = "why, kept with the backup")
    String reason;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (reason != null) {
            body.put("reason", reason);
        }
        ApiClient.Response r = client.client().post(BackupCommand.path(app), body);
        if (!r.ok()) {
            return client.refused(r);
        }
        ApiClient.Response shown = client.client().get(BackupCommand.path(app) + "/" + r.body().get("id").asText());
        if (client.json) {
            client.out().println(Json.write(shown.ok() ? shown.body() : r.body()));
        } else {
            BackupCommand.line(client.out(), r.body());
            shown.body().path("verifications").forEach(v -> client.out().println("  verified: "
                    + (v.get("ok").asBoolean() ? "" : "FAILED: ") + v.get("message").asText()));
        }
        client.out().flush();
        return 0;
    }
}
