package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code slipway logs APP [--version V] [--lines N]}: the tail of a version's process logs. */
@Command(name = "logs", description = "Print the last lines of an app version's process output (default: stable).")
final class LogsCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app name")
    String app;

    @Option(names = "--version", description = "version (default: the stable version)")
    String version;

    @Option(names = {"-n", "--lines"}, defaultValue = "100", description = "how many lines (default: 100)")
    int lines;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        String query = "?lines=" + lines + (version == null ? ""
                : "&version=" + URLEncoder.encode(version, StandardCharsets.UTF_8));
        ApiClient.Response r = client.client().get("api/v1/apps/" + app + "/logs" + query);
        if (!r.ok()) {
            return client.refused(r);
        }
        PrintWriter out = client.out();
        if (client.json) {
            out.println(Json.write(r.body()));
        } else {
            r.body().get("lines").forEach(l -> out.println(l.asText()));
        }
        out.flush();
        return 0;
    }
}
