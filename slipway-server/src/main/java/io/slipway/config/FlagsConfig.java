package io.slipway.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code flags:} block of {@code slipway.yaml}.
 *
 * @param environments the environments a flag can be switched in, in order; the first is the default
 *                     where an API call names none and reading is harmless (ruleset, stream, evaluate)
 * @param file         a flags.yaml declaring flags (GitOps), or null; applied and watched by the server
 */
public record FlagsConfig(List<String> environments, Path file) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final String BAD_NAME = "is not a valid environment name: up to 40 of a-z, 0-9, '-' and '_',"
            + " not starting with '-' or '_'";
    /** Only production unless the file says otherwise (after NAME, which the constructor uses). */
    public static final FlagsConfig DEFAULTS = new FlagsConfig(List.of("production"), null);

    /** @throws IllegalArgumentException naming the offending environment */
    public FlagsConfig {
        environments = List.copyOf(environments);
        if (environments.isEmpty()) {
            throw new IllegalArgumentException("flags.environments: must name at least one environment");
        }
        Set<String> seen = new HashSet<>();
        for (String e : environments) {
            if (!NAME.matcher(e).matches()) {
                throw new IllegalArgumentException("flags.environments: \"" + e + "\" " + BAD_NAME);
            }
            if (!seen.add(e)) {
                throw new IllegalArgumentException("flags.environments: \"" + e + "\" is listed twice");
            }
        }
    }

    /** The environment used when a read names none. */
    public String defaultEnvironment() {
        return environments.get(0);
    }

    /** For the config reader, which adds the path and value. @throws IllegalArgumentException when invalid */
    static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(BAD_NAME);
        }
        return name;
    }
}
