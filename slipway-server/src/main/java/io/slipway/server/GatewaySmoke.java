package io.slipway.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.config.AppConfig;
import io.slipway.deploy.Smoke;
import io.slipway.deploy.SmokeTests;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs an app's smoke tests through its gateway listener with the preview header, exactly the way a
 * tester reaches a candidate that has no traffic yet. The port is the one the gateway process
 * actually bound (the config may say 0).
 */
final class GatewaySmoke implements Smoke {
    private final SmokeTests tests = new SmokeTests(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .build());
    private final Supplier<Optional<JsonNode>> gatewayStatus;

    GatewaySmoke(Supplier<Optional<JsonNode>> gatewayStatus) {
        this.gatewayStatus = gatewayStatus;
    }

    @Override
    public CompletableFuture<Result> run(AppConfig app, String version) {
        int port = gatewayStatus.get().map(s -> s.path("apps").path(app.name()).path("port").asInt(0)).orElse(0);
        if (port == 0) {
            return CompletableFuture.completedFuture(new Result(false, "smoke tests cannot run: the gateway of "
                    + app.name() + " does not answer on its control endpoint", java.util.List.of()));
        }
        if (app.gateway().tls() != null) {
            return CompletableFuture.completedFuture(new Result(false, "smoke tests cannot run: the gateway of "
                    + app.name() + " serves TLS and the smoke runner speaks plain HTTP only (remove smoke: or tls:)",
                    java.util.List.of()));
        }
        String host = app.gateway().listen().host();
        String target = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return tests.run(target, port, app.gateway().previewHeader(), version, app.rollout().smoke())
                .thenApply(r -> new Result(r.passed(), r.summary(),
                        r.results().stream().map(SmokeTests.Result::line).toList()));
    }
}
