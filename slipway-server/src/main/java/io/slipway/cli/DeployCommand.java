package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code slipway deploy APP VERSION}: starts a deployment and follows it to its outcome. */
@Command(name = "deploy", description = "Deploy a version of an app and follow it until traffic moved, the"
        + " deployment failed or rolled back, or a canary paused for a decision.")
final class DeployCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app name, as in slipway.yaml")
    String app;

    @Parameters(index = "1", description = "version to deploy (fills {version} in the app's command)")
    String version;

    @Option(names = "--strategy", description = "blue-green or canary (default: the app's strategy in slipway.yaml)")
    String strategy;

    @Option(names = "--detach", description = "return once the deployment is accepted instead of following it")
    boolean detach;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", app);
        body.put("version", version);
        if (strategy != null) {
            body.put("strategy", strategy);
        }
        ApiClient api = client.client();
        ApiClient.Response accepted = api.post("api/v1/deployments", body);
        if (!accepted.ok()) {
            return client.refused(accepted);
        }
        JsonNode d = accepted.body();
        if (detach) {
            client.out().println(client.json ? Json.write(d) : "accepted: " + Render.deploymentLine(d));
            return 0;
        }
        return new Follow(api, client.out(), client.json).until(d);
    }
}
