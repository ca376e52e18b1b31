package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import java.util.Map;

/** What promote, pause, resume and abort share: one POST on the app, then the deployment it left. */
final class Decision {
    private Decision() {
    }

    static int post(ClientOptions client, String app, String verb, Map<String, Object> body) {
        ApiClient api = client.client();
        ApiClient.Response r = api.post("api/v1/apps/" + app + "/" + verb, body);
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
