package io.slipway.cli;

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
        int code = MigrateCommand.show(client, r, MigrationRender::problems);
        return code == 0 && !r.body().get("ok").asBoolean() ? Slipway.FAILED : code;
    }
}
