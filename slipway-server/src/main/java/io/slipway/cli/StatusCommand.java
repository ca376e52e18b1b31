package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code slipway status [APP]}: what serves traffic, what runs, and how the last deployment went. */
@Command(name = "status", description = "Show apps: stable and previous version, running instances, routing and the"
        + " last deployment with its steps.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "app name (default: all apps)")
    String app;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().get(app == null ? "api/v1/apps" : "api/v1/apps/" + app);
        if (!r.ok()) {
            return client.refused(r);
        }
        PrintWriter out = client.out();
        if (client.json) {
            out.println(Json.pretty(r.body()));
            return 0;
        }
        if (app == null) {
            ApiClient.Response gateway = client.client().get("api/v1/gateway");
            if (gateway.ok()) {
                gateway.body().forEach(g -> printGateway(out, g));
            }
        }
        List<JsonNode> apps = new ArrayList<>();
        if (r.body().isArray()) {
            r.body().forEach(apps::add);
        } else {
            apps.add(r.body());
        }
        apps.forEach(a -> print(out, a));
        return 0;
    }

    private static void printGateway(PrintWriter out, JsonNode g) {
        out.printf("gateway process %s %s %s%s%n", g.get("version").asText(), Render.text(g, "state"),
                Render.text(g, "process"), g.hasNonNull("reason") ? " (" + g.get("reason").asText() + ")" : "");
        for (JsonNode i : g.get("instances")) {
            out.printf("  pid %d, control 127.0.0.1:%d, %s%s%n", i.get("pid").asLong(), i.get("port").asInt(),
                    i.get("state").asText(), i.get("restarts").asInt() > 0 ? ", " + i.get("restarts").asInt()
                            + " restarts" : "");
        }
    }

    private static void print(PrintWriter out, JsonNode a) {
        out.println(a.get("app").asText() + "  (gateway " + Render.text(a, "gatewayListen") + ")");
        out.println("  stable    " + Render.text(a, "stableVersion"));
        out.println("  previous  " + Render.text(a, "previousVersion"));
        List<String> routes = new ArrayList<>();
        a.get("routing").forEach(s -> routes.add(s.get("version").asText() + " " + s.get("weight").asInt() + "%"));
        out.println("  routing   " + (routes.isEmpty() ? "-" : String.join(", ", routes)));
        for (JsonNode v : a.get("versions")) {
            out.printf("  version   %-12s %-10s %s%s%n", v.get("version").asText(), Render.text(v, "state"),
                    Render.text(v, "process"), v.hasNonNull("reason") ? " (" + v.get("reason").asText() + ")" : "");
            for (JsonNode i : v.get("instances")) {
                out.printf("            #%d %s:%d pid %d %s%s%n", i.get("index").asInt(), i.get("host").asText(),
                        i.get("port").asInt(), i.get("pid").asLong(), i.get("state").asText(),
                        i.get("restarts").asInt() > 0 ? ", " + i.get("restarts").asInt() + " restarts" : "");
            }
        }
        JsonNode last = a.get("lastDeployment");
        if (last != null && !last.isNull()) {
            out.println("  last deployment " + Render.deploymentLine(last));
            if ("rollback".equals(Render.text(last, "strategy").toLowerCase()) && last.get("events") != null
                    && !last.get("events").isEmpty()) {
                out.println("    why: " + last.get("events").get(0).get("message").asText());
            }
            Render.steps(out, last, "    ");
            Render.analyses(out, last, "    ");
        }
        out.flush();
    }
}
