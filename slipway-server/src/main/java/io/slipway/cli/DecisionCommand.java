package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * What promote, pause, resume and abort share: one POST on the app's running deployment, then the
 * deployment as it left it.
 */
abstract class DecisionCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app name")
    String app;

    @Mixin
    ClientOptions client;

    /** The last part of {@code POST /api/v1/apps/{app}/<verb>}. */
    abstract String verb();

    Map<String, Object> body() {
        return Map.of();
    }

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().post("api/v1/apps/" + app + "/" + verb(), body());
        if (!r.ok()) {
            return client.refused(r);
        }
        JsonNode d = r.body();
        if (client.json) {
            client.out().println(Json.write(d));
        } else {
            client.out().println(Render.deploymentLine(d));
            Render.steps(client.out(), d, "  ");
        }
        client.out().flush();
        return 0;
    }
}
