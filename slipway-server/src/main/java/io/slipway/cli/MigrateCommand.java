package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/** {@code slipway migrate VERB APP}: an app's database migrations, one class per verb. */
@Command(name = "migrate", description = "Migrate an app's database: status, plan, up, down, validate, repair, baseline.",
        subcommands = {MigrateStatusCommand.class, MigratePlanCommand.class, MigrateUpCommand.class,
                MigrateDownCommand.class, MigrateValidateCommand.class, MigrateRepairCommand.class,
                MigrateBaselineCommand.class})
final class MigrateCommand implements Callable<Integer> {
    /**
     * How long the CLI waits for a change: the lock wait, the backup and the scripts all happen before the
     * server answers. A change the CLI stops waiting for still runs to its end on the server.
     */
    static final Duration CHANGE_TIMEOUT = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing verb: slipway migrate "
                + String.join("|", spec.subcommands().keySet()));
    }

    static String path(String app) {
        return "api/v1/apps/" + URLEncoder.encode(app, StandardCharsets.UTF_8) + "/migrations";
    }

    /**
     * Posts a change ({@code up}, {@code down}, {@code repair}, {@code baseline}) and prints what it did:
     * with {@code dryRun}, exactly the SQL it would run; otherwise a DONE line per change, or what ran
     * and the FAILED line. With {@code --json}, the answer as it is, a refusal's included.
     *
     * @return 0 when done, 1 when the change failed or was refused, 2 for bad input or config
     */
    static int change(ClientOptions client, String app, String verb, Map<String, Object> body) {
        ApiClient.Response r = client.client().post(path(app) + "/" + verb, body, CHANGE_TIMEOUT);
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else if (r.ok() && r.body().get("dryRun").asBoolean()) {
            client.out().print(r.body().get("script").asText());
        } else if (r.ok()) {
            MigrationRender.done(client.out(), r.body());
        } else {
            MigrationRender.failed(client.out(), client.verb.commandLine().getErr(), r.body());
        }
        client.out().flush();
        client.verb.commandLine().getErr().flush();
        return r.ok() ? 0 : exitCode(r);
    }

    /**
     * Prints the answer to a read (status, plan, validate): JSON with {@code --json}, else as {@code human}
     * writes it; a refusal as JSON with {@code --json}, else as an error on stderr.
     *
     * @return 0 when answered, else 2 or 1 as {@link #exitCode} says
     */
    static int show(ClientOptions client, ApiClient.Response r, BiConsumer<PrintWriter, JsonNode> human) {
        if (!r.ok() && !client.json) {
            return client.refused(r);
        }
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else {
            human.accept(client.out(), r.body());
        }
        client.out().flush();
        return r.ok() ? 0 : exitCode(r);
    }

    /** 2 for bad input or config (400, 404), 1 for a change that failed or was refused. */
    static int exitCode(ApiClient.Response r) {
        return r.status() == 400 || r.status() == 404 ? Slipway.BAD_USAGE : Slipway.FAILED;
    }
}
