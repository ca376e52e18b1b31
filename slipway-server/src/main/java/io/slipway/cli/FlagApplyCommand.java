package io.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code slipway flags apply FILE}: create or replace a flag from its JSON or YAML definition. */
@Command(name = "apply", description = "Create or replace a flag from a JSON or YAML file holding its definition"
        + " (as `flags get KEY --json` prints it).")
final class FlagApplyCommand implements Callable<Integer> {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Parameters(index = "0", description = "the flag's definition, JSON or YAML")
    Path file;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        JsonNode flag;
        try {
            flag = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            return bad(file + ": not JSON or YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            return bad(file + ": cannot be read: " + e);
        }
        if (flag == null || !flag.isObject() || !flag.hasNonNull("key")) {
            return bad(file + ": expected a flag definition with a key, e.g. {\"key\": \"checkout\"}");
        }
        ApiClient.Response r = client.client().put(FlagsCommand.path(flag.get("key").asText()), flag);
        if (!r.ok()) {
            return client.refused(r);
        }
        client.out().println(client.json ? Json.write(r.body()) : r.body().get("key").asText()
                + (r.status() == 201 ? ": created" : ": applied") + " (version " + r.body().get("version").asText() + ")");
        client.out().flush();
        return 0;
    }

    private int bad(String message) {
        client.verb.commandLine().getErr().println("error: " + message);
        return Slipway.BAD_USAGE;
    }
}
