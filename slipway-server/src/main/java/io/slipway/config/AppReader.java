package io.slipway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Builds one {@link AppConfig} from its section under {@code apps:}, reporting every problem. */
final class AppReader {
    static final List<String> KEYS = Stream.concat(Stream.of("command", "env", "workingDir",
            "artifactDir", "instances", "health", "gateway", "readyTimeout", "drain", "stopTimeout", "scaleDownDelay",
            "restart"), Stream.concat(RolloutReader.KEYS.stream(), DataReader.KEYS.stream())).toList();
    private static final List<String> HEALTH_KEYS = List.of("livePath", "readyPath", "interval", "timeout",
            "healthyThreshold", "unhealthyThreshold");
    private static final List<String> GATEWAY_KEYS = List.of("listen", "connectTimeout", "upstreamTimeout",
            "idleTimeout", "maxHeaderBytes", "requestHeadTimeout", "maxBodyMegabytes", "ejectAfter", "ejectFor",
            "sticky", "previewHeader", "previewCookie", "accessLog", "tls", "http2", "tunnelIdleTimeout",
            "trustedProxies", "mirrorMethods");
    private static final List<String> TLS_KEYS = List.of("cert", "key");
    private static final java.util.regex.Pattern STICKY =
            java.util.regex.Pattern.compile("clientIp|(cookie|header):[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z_-]*");
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final List<String> RESTART_KEYS = List.of("initialBackoff", "maxBackoff",
            "crashLoopRestarts", "crashLoopWindow");
    private static final List<String> PLACEHOLDERS = List.of("version", "port", "artifactDir");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_THRESHOLD = 100;
    private static final int MAX_CRASH_LOOP_RESTARTS = 1000;
    private static final int MIN_HEADER_BYTES = 1024;
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private final Path baseDir;
    private final Path dataDir;

    /** Relative paths resolve against {@code baseDir}, the config file's directory. */
    AppReader(Path baseDir, Path dataDir) {
        this.baseDir = baseDir;
        this.dataDir = dataDir;
    }

    AppConfig read(String name, ConfigNode app) {
        app.entries(KEYS);
        DataReader data = new DataReader(baseDir, dataDir);
        DatabaseConfig database = data.database(app.child("database"));
        BackupConfig backup = data.backup(name, app.child("backup"), database);
        DataReader.checkRollbackPolicy(app, database, backup);
        return new AppConfig(name, command(app.child("command")), env(app.child("env")),
                pathTemplate(app.child("workingDir"), null, PLACEHOLDERS),
                pathTemplate(app.child("artifactDir"), defaultArtifactDir(name), List.of("version")),
                app.integer("instances", AppConfig.DEFAULT_INSTANCES, 1, AppConfig.MAX_INSTANCES),
                health(app.child("health")), gateway(app.child("gateway")),
                app.positiveDuration("readyTimeout", AppConfig.DEFAULT_READY_TIMEOUT),
                app.duration("drain", AppConfig.DEFAULT_DRAIN),
                app.duration("stopTimeout", AppConfig.DEFAULT_STOP_TIMEOUT),
                app.duration("scaleDownDelay", AppConfig.DEFAULT_SCALE_DOWN_DELAY),
                restart(app.child("restart")), RolloutReader.read(app), database, backup);
    }

    private static List<String> command(ConfigNode node) {
        if (node.isAbsent()) {
            node.report(null, "is required, e.g. \"java -jar app-{version}.jar --port {port}\"");
            return List.of();
        }
        List<String> args = node.isList() ? elements(node) : node.as(null, ShellWords::split);
        if (args == null) {
            return List.of();
        }
        if (args.isEmpty()) {
            node.report(null, "must name the program to run");
        }
        args.forEach(arg -> checkPlaceholders(node, arg, PLACEHOLDERS));
        return args;
    }

    /** A list of addresses or CIDR blocks; each bad entry reported with its value. */
    private static List<Cidr> cidrs(ConfigNode node) {
        if (node.isAbsent()) {
            return List.of();
        }
        if (!node.isList()) {
            node.report(node.text().orElse(null), "must be a list of addresses or CIDR blocks, e.g. [10.0.0.0/8]");
            return List.of();
        }
        return elements(node, Cidr::parse);
    }

    private static List<String> elements(ConfigNode list) {
        return elements(list, ConfigNode::nonBlank);
    }

    /** Each element of {@code list} read by {@code parser}; invalid ones are reported and left out. */
    private static <T> List<T> elements(ConfigNode list, java.util.function.Function<String, T> parser) {
        List<T> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            T value = list.element(i).as(null, parser);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private static void checkPlaceholders(ConfigNode node, String text, List<String> allowed) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!allowed.contains(m.group(1))) {
                node.report(text, "has unknown placeholder " + m.group() + ", expected "
                        + String.join(" or ", allowed.stream().map(p -> "{" + p + "}").toList()));
            }
        }
    }

    private static Map<String, String> env(ConfigNode node) {
        Map<String, String> env = new LinkedHashMap<>();
        node.entries(null).forEach((key, value) -> {
            if (!ENV_NAME.matcher(key).matches()) {
                value.report(null, "is not an environment variable name (letters, digits, _)");
            } else if (key.equals("PORT")) {
                value.report(null, "is set by Slipway for each instance, leave it out");
            }
            env.put(key, value.isAbsent() ? "" : value.as("", s -> s));
        });
        return env;
    }

    /** A path that may hold placeholders; a relative one is taken from the config file's directory. */
    private String pathTemplate(ConfigNode node, String fallback, List<String> placeholders) {
        String template = node.as(fallback, text -> resolve(ConfigNode.nonBlank(text)));
        if (template != null && !node.isAbsent()) {
            checkPlaceholders(node, template, placeholders);
        }
        return template;
    }

    private String resolve(String template) {
        return template.startsWith("{") ? template : baseDir.resolve(template).normalize().toString();
    }

    private String defaultArtifactDir(String app) {
        return dataDir.resolve("artifacts").resolve(app).resolve("{version}").toString();
    }

    private static HealthConfig health(ConfigNode node) {
        HealthConfig d = HealthConfig.DEFAULTS;
        node.entries(HEALTH_KEYS);
        String live = node.child("livePath").as(d.livePath(), AppReader::httpPath);
        String ready = node.child("readyPath").as(d.readyPath(), AppReader::httpPath);
        Duration interval = node.positiveDuration("interval", d.interval());
        Duration timeout = node.positiveDuration("timeout", d.timeout());
        if (timeout.compareTo(interval) > 0) {
            node.child("timeout").report(Durations.format(timeout),
                    "must not exceed interval (" + Durations.format(interval) + ")");
        }
        return new HealthConfig(live, ready, interval, timeout,
                node.integer("healthyThreshold", d.healthyThreshold(), 1, MAX_THRESHOLD),
                node.integer("unhealthyThreshold", d.unhealthyThreshold(), 1, MAX_THRESHOLD));
    }

    private static String httpPath(String text) {
        if (!text.startsWith("/") || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("must be an HTTP path starting with / (e.g. /health/ready)");
        }
        return text;
    }

    private GatewayConfig gateway(ConfigNode node) {
        GatewayConfig d = GatewayConfig.DEFAULTS;
        node.entries(GATEWAY_KEYS);
        if (node.child("listen").isAbsent()) {
            node.child("listen").report(null, "is required, e.g. 0.0.0.0:8080 or :8080");
        }
        GatewayConfig plain = new GatewayConfig(node.hostPort("listen", GatewayConfig.DEFAULT_HOST, null),
                node.positiveDuration("connectTimeout", d.connectTimeout()),
                node.positiveDuration("upstreamTimeout", d.upstreamTimeout()),
                node.positiveDuration("idleTimeout", d.idleTimeout()),
                node.integer("maxHeaderBytes", d.maxHeaderBytes(), MIN_HEADER_BYTES, MAX_HEADER_BYTES),
                node.positiveDuration("requestHeadTimeout", d.requestHeadTimeout()),
                node.integer("maxBodyMegabytes", d.maxBodyMegabytes(), 1, 1_048_576),
                node.integer("ejectAfter", d.ejectAfter(), 1, 1000),
                node.positiveDuration("ejectFor", d.ejectFor()),
                matching(node, "sticky", null, STICKY, "is not clientIp, cookie:NAME or header:NAME"),
                matching(node, "previewHeader", d.previewHeader(), TOKEN, "is not a header name"),
                matching(node, "previewCookie", d.previewCookie(), TOKEN, "is not a cookie name"),
                "on".equals(matching(node, "accessLog", d.accessLog() ? "on" : "off",
                        java.util.regex.Pattern.compile("on|off"), "is not on or off")));
        TlsConfig tls = tls(node.child("tls"));
        return plain.withTls(tls, http2(node, tls != null))
                .withTunnelIdleTimeout(node.positiveDuration("tunnelIdleTimeout", d.tunnelIdleTimeout()))
                .withTrustedProxies(cidrs(node.child("trustedProxies")))
                .withMirrorMethods(methods(node.child("mirrorMethods"), d.mirrorMethods()));
    }

    /** A non-empty list of HTTP method names, as the request line spells them (case matters). */
    private static List<String> methods(ConfigNode node, List<String> fallback) {
        if (node.isAbsent()) {
            return fallback;
        }
        if (!node.isList() || node.size() == 0) {
            node.report(node.isList() ? "[]" : node.text().orElse(null),
                    "must be a non-empty list of HTTP methods, e.g. [GET, HEAD, OPTIONS]");
            return fallback;
        }
        return elements(node, AppReader::method);
    }

    private static String method(String text) {
        if (!METHOD.matcher(text).matches()) {
            throw new IllegalArgumentException("is not an HTTP method in capitals (e.g. GET, POST)");
        }
        return text;
    }

    /** Both files or neither; each must exist, parse, and belong to the other. */
    private TlsConfig tls(ConfigNode node) {
        node.entries(TLS_KEYS);
        if (node.isAbsent() || !node.isMapping()) {
            return null;
        }
        Path cert = file(node.child("cert"));
        Path key = file(node.child("key"));
        if (node.child("cert").isAbsent()) {
            node.child("cert").report(null, "is required: the PEM certificate chain that goes with tls.key");
        }
        if (node.child("key").isAbsent()) {
            node.child("key").report(null, "is required: the PEM private key of tls.cert");
        }
        if (cert == null || key == null) {
            return null;
        }
        TlsConfig tls = new TlsConfig(cert, key);
        try {
            tls.read();
        } catch (TlsFileException e) {
            node.child(e.file().equals(cert) ? "cert" : "key").report(e.file().toString(), e.problem());
        }
        return tls;
    }

    private Path file(ConfigNode node) {
        return node.as(null, text -> baseDir.resolve(ConfigNode.nonBlank(text)).normalize());
    }

    /** Defaults to on with TLS; HTTP/2 without TLS (h2c) is not offered. */
    private static boolean http2(ConfigNode node, boolean tls) {
        String value = matching(node, "http2", null, java.util.regex.Pattern.compile("true|false|on|off"),
                "is not true or false");
        boolean on = value == null ? tls : value.equals("true") || value.equals("on");
        if (on && !tls) {
            if (node.child("tls").isAbsent()) {
                node.child("http2").report(value, "needs gateway.tls: HTTP/2 is offered through TLS (ALPN h2) only,"
                        + " cleartext h2c is not supported");
            }
            return false;
        }
        return on;
    }

    private static String matching(ConfigNode node, String key, String fallback, java.util.regex.Pattern pattern,
                                   String problem) {
        String value = node.string(key, fallback);
        if (value != null && !pattern.matcher(value).matches()) {
            node.child(key).report(value, problem);
            return fallback;
        }
        return value;
    }

    private static RestartPolicy restart(ConfigNode node) {
        RestartPolicy d = RestartPolicy.DEFAULTS;
        node.entries(RESTART_KEYS);
        Duration initial = node.positiveDuration("initialBackoff", d.initialBackoff());
        Duration max = node.positiveDuration("maxBackoff", d.maxBackoff());
        if (max.compareTo(initial) < 0) {
            node.child("maxBackoff").report(Durations.format(max),
                    "must be at least initialBackoff (" + Durations.format(initial) + ")");
        }
        return new RestartPolicy(initial, max,
                node.integer("crashLoopRestarts", d.crashLoopRestarts(), 1, MAX_CRASH_LOOP_RESTARTS),
                node.positiveDuration("crashLoopWindow", d.crashLoopWindow()));
    }
}
