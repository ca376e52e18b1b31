package io.slipway.cli;

import io.slipway.config.ConfigLoader;
import io.slipway.config.SlipwayConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the client verbs find the server: {@code --url}, else {@code SLIPWAY_URL}, else the
 * {@code server.listen} of the config file, else the default address.
 */
final class ClientOptions {
    static final String DEFAULT_URL = "http://127.0.0.1:7070/";

    @Option(names = "--url", description = "Slipway server URL (default: $SLIPWAY_URL, the config's server.listen,"
            + " or " + DEFAULT_URL + ")")
    String url;

    @Option(names = {"-c", "--config"}, description = "slipway.yaml to read server.listen from (default: ./slipway.yaml if present)")
    Path config;

    @Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    /** The verb using these options, for its output streams. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec verb;

    PrintWriter out() {
        return verb.commandLine().getOut();
    }

    /** Prints a refused request's error and returns 2 for bad input, 1 otherwise. */
    int refused(ApiClient.Response r) {
        verb.commandLine().getErr().println("error: " + r.error());
        return r.status() == 400 || r.status() == 404 ? 2 : 1;
    }

    ApiClient client() {
        return new ApiClient(URI.create(withSlash(resolveUrl())));
    }

    private String resolveUrl() {
        if (url != null) {
            return url;
        }
        String env = System.getenv("SLIPWAY_URL");
        if (env != null && !env.isBlank()) {
            return env;
        }
        Path file = config != null ? config : Path.of("slipway.yaml");
        if (config != null || Files.exists(file)) {
            SlipwayConfig loaded = ConfigLoader.load(file);
            String host = loaded.server().listen().host();
            return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + loaded.server().listen().port();
        }
        return DEFAULT_URL;
    }

    private static String withSlash(String u) {
        return u.endsWith("/") ? u : u + "/";
    }
}
