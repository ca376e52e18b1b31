package io.slipway.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code server.store}: absent (an SQLite file in the data dir), a mapping of {@link #KEYS},
 * or a {@code postgres://user@host[:port]/database} URL alone.
 */
final class StoreReader {
    static final List<String> KEYS = List.of("type", "path", "url", "passwordEnv");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile(".*://[^@/]*:[^@/]*@.*");
    private static final int POSTGRES_PORT = 5432;

    private StoreReader() {
    }

    /** Problems are reported on the node; the defaults stand in so that reading goes on. */
    static StoreConfig read(ConfigNode node) {
        if (node.isAbsent()) {
            return StoreConfig.DEFAULTS;
        }
        if (!node.isMapping()) {
            return postgres(node, null);
        }
        node.entries(KEYS);
        ConfigNode url = node.child("url");
        String type = node.child("type").as(url.isAbsent() ? StoreConfig.SQLITE : StoreConfig.POSTGRES,
                DataReader::type);
        if (type.equals(StoreConfig.SQLITE)) {
            misplaced(url, "is for a postgres store (type: postgres)");
            misplaced(node.child("passwordEnv"), "is for a postgres store (type: postgres)");
            return new StoreConfig(type, node.child("path").as(StoreConfig.DEFAULTS.path(), ConfigNode::nonBlank));
        }
        misplaced(node.child("path"), "is for an sqlite store; a postgres store needs url");
        String passwordEnv = node.child("passwordEnv").as(null, DataReader::envName);
        if (url.isAbsent()) {
            url.report(null, "is required for a postgres store, e.g. postgres://slipway@127.0.0.1:5432/slipway");
            return StoreConfig.DEFAULTS;
        }
        return postgres(url, passwordEnv);
    }

    private static void misplaced(ConfigNode node, String message) {
        if (!node.isAbsent()) {
            node.report(node.text().orElse(null), message);
        }
    }

    private static StoreConfig postgres(ConfigNode url, String passwordEnv) {
        Optional<String> text = url.text();
        if (text.isEmpty()) {
            return StoreConfig.DEFAULTS;
        }
        if (PASSWORD_IN_URL.matcher(text.get()).matches()) {
            url.report("(hidden)", "holds a password: put it in an environment variable named by passwordEnv"
                    + " (or " + StoreConfig.DEFAULT_PASSWORD_ENV + ")");
            return StoreConfig.DEFAULTS;
        }
        URI uri = url.as(null, DataReader::postgresUrl);
        if (uri == null) {
            return StoreConfig.DEFAULTS;
        }
        return new StoreConfig(StoreConfig.POSTGRES, null, uri.getHost(), uri.getPort() < 0 ? POSTGRES_PORT
                : uri.getPort(), uri.getPath().substring(1), uri.getUserInfo(), passwordEnv);
    }
}
