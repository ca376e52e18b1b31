package io.slipway.cli;

import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code slipway migrate validate APP}: whether the history and the scripts agree; exit 1 naming each problem. */
@Command(name = "validate", description = "Check that the history and the scripts agree (failed, changed, missing,"
        + " out-of-order scripts); exit 1 when they do not.")
final class MigrateValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "app")
    String app;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().post(MigrateCommand.path(app) + "/validate", null);
        if (!r.ok()) {
            return client.refused(r);
        }
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else {
            MigrationRender.problems(client.out(), r.body());
        }
        client.out().flush();
        return r.body().get("ok").asBoolean() ? 0 : Slipway.FAILED;
    }
}
