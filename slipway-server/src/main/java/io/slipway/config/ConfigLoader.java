package io.slipway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads and validates {@code slipway.yaml}. The YAML is read into a tree and the config records
 * are built from it by hand, so that every problem of a file is reported at once, each with its
 * dotted path and offending value. String values may use {@code ${VAR}} and
 * {@code ${VAR:-default}} from the environment ({@code $${} for a literal {@code ${}).
 */
public final class ConfigLoader {
    /** The file looked for in the current directory when none is named. */
    public static final String DEFAULT_FILE = "slipway.yaml";

    private static final List<String> TOP_KEYS = List.of("server", "apps", "flags");
    private static final List<String> FLAGS_KEYS = List.of("environments", "file");
    private static final List<String> SERVER_KEYS = List.of("listen", "dataDir", "store", "gatewayIdlePoll");
    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final java.util.Set<String> RESERVED_APP_NAMES = java.util.Set.of("slipway-gateway");
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigLoader() {
    }

    /** Loads {@code file} with {@code ${VAR}} taken from this process's environment. */
    public static SlipwayConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Loads {@code file}; relative paths in it are taken from the file's directory.
     *
     * @throws ConfigException listing every problem, including a missing or unreadable file
     */
    public static SlipwayConfig load(Path file, Map<String, String> env) {
        return parse(read(file), file.toAbsolutePath().getParent(), env, file.toString());
    }

    /**
     * Parses config text as if read from a file in {@code baseDir}.
     *
     * @throws ConfigException listing every problem
     */
    public static SlipwayConfig parse(String yaml, Path baseDir, Map<String, String> env) {
        return parse(yaml, baseDir, env, DEFAULT_FILE);
    }

    private static SlipwayConfig parse(String yaml, Path baseDir, Map<String, String> env, String source) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigNode root = ConfigNode.root(tree(yaml, source), env, problems);
        root.entries(TOP_KEYS);
        ServerConfig server = server(root.child("server"), baseDir.toAbsolutePath());
        AppReader appReader = new AppReader(baseDir.toAbsolutePath(), server.dataDir());
        Map<String, AppConfig> apps = apps(root.child("apps"), appReader);
        checkPortsUnique(root.child("apps"), server, apps);
        FlagsConfig flags = flags(root.child("flags"), baseDir.toAbsolutePath());
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return new SlipwayConfig(server, apps, flags);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw fileProblem(file, "no such file: " + file.toAbsolutePath());
        } catch (CharacterCodingException e) {
            throw fileProblem(file, "is not UTF-8 text");
        } catch (IOException e) {
            throw fileProblem(file, "cannot be read: " + e);
        }
    }

    private static ConfigException fileProblem(Path file, String message) {
        return new ConfigException(file.toString(), List.of(new ConfigProblem("", null, message)));
    }

    private static JsonNode tree(String yaml, String source) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of(new ConfigProblem("", null, "invalid YAML " + describe(e))));
        }
    }

    /** SnakeYAML's own message spans lines with a snippet; its mark, problem and context say it in one. */
    private static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark at = yaml.getProblemMark();
            return "at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": " + yaml.getProblem()
                    + (yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")");
        }
        JsonLocation at = e.getLocation();
        return "at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + e.getOriginalMessage();
    }

    private static ServerConfig server(ConfigNode node, Path baseDir) {
        node.entries(SERVER_KEYS);
        HostPort listen = node.hostPort("listen", ServerConfig.DEFAULT_HOST, ServerConfig.DEFAULT_LISTEN);
        Path dataDir = node.child("dataDir").as(baseDir.resolve(ServerConfig.DEFAULT_DATA_DIR).normalize(),
                dir -> baseDir.resolve(ConfigNode.nonBlank(dir)).normalize());
        Duration idlePoll = node.child("gatewayIdlePoll").as(ServerConfig.DEFAULT_GATEWAY_IDLE_POLL, text -> {
            Duration d = Durations.parse(text);
            if (d.compareTo(ServerConfig.MAX_GATEWAY_IDLE_POLL) > 0) {
                throw new IllegalArgumentException("is longer than the " + Durations.format(ServerConfig.MAX_GATEWAY_IDLE_POLL)
                        + " allowed (e.g. 50us; 0s: no polling)");
            }
            return d;
        });
        return new ServerConfig(listen, dataDir, StoreReader.read(node.child("store")), idlePoll);
    }

    /** Problems are reported on the node; the defaults stand in so that reading goes on. */
    private static FlagsConfig flags(ConfigNode node, Path baseDir) {
        node.entries(FLAGS_KEYS);
        Path file = node.child("file").as(null, f -> baseDir.resolve(ConfigNode.nonBlank(f)).normalize());
        ConfigNode list = node.child("environments");
        if (list.isAbsent()) {
            return new FlagsConfig(FlagsConfig.DEFAULTS.environments(), file);
        }
        if (!list.isList() || list.size() == 0) {
            list.report(list.isList() ? "[]" : list.text().orElse(null),
                    "must be a non-empty list of environment names, e.g. [production, staging]");
            return new FlagsConfig(FlagsConfig.DEFAULTS.environments(), file);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigNode element = list.element(i);
            String name = element.as(null, FlagsConfig::checkName);
            if (name != null && names.contains(name)) {
                element.report(name, "is listed twice");
            } else if (name != null) {
                names.add(name);
            }
        }
        return new FlagsConfig(names.isEmpty() ? FlagsConfig.DEFAULTS.environments() : names, file);
    }

    private static Map<String, AppConfig> apps(ConfigNode node, AppReader reader) {
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        node.entries(null).forEach((name, app) -> {
            if (!APP_NAME.matcher(name).matches()) {
                app.report(name, "is not a valid app name: up to 40 of a-z, 0-9 and '-', not starting with '-'");
            } else if (RESERVED_APP_NAMES.contains(name)) {
                app.report(name, "is reserved: Slipway supervises its own gateway process under this name");
            }
            if (app.isMapping()) {
                apps.put(name, reader.read(name, app));
            } else {
                app.report(null, "expected a mapping with at least command and gateway.listen");
            }
        });
        return apps;
    }

    /** Port 0 ("any free port") may repeat; the admin listener counts as taken too. */
    private static void checkPortsUnique(ConfigNode appsNode, ServerConfig server, Map<String, AppConfig> apps) {
        Map<Integer, String> owners = new HashMap<>();
        owners.put(server.listen().port(), "server.listen");
        apps.values().forEach(app -> {
            HostPort listen = app.gateway().listen();
            if (listen == null || listen.port() == 0) {
                return;
            }
            ConfigNode node = appsNode.child(app.name()).child("gateway").child("listen");
            String owner = owners.putIfAbsent(listen.port(), node.path());
            if (owner != null) {
                node.report(listen.toString(), "uses port " + listen.port() + ", already taken by " + owner);
            }
        });
    }
}
