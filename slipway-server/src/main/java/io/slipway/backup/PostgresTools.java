package io.slipway.backup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code pg_dump} and {@code pg_restore} programs Slipway runs, and their version.
 *
 * <p>They are looked for in {@code SLIPWAY_PG_BIN} when set (and only there, so that an explicit
 * choice never silently falls back to another version), else on {@code PATH}, else in Debian's
 * {@code /usr/lib/postgresql/<major>/bin}, newest major first.
 */
public final class PostgresTools {
    /** The environment variable naming the directory that holds pg_dump and pg_restore. */
    public static final String BIN_VARIABLE = "SLIPWAY_PG_BIN";
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

    private final Path pgDump;
    private final Path pgRestore;
    private final String version;
    private final int major;

    private PostgresTools(Path pgDump, Path pgRestore, String version, int major) {
        this.pgDump = pgDump;
        this.pgRestore = pgRestore;
        this.version = version;
        this.major = major;
    }

    /**
     * Finds both tools and asks {@code pg_dump} its version.
     *
     * @param env the environment to read {@code SLIPWAY_PG_BIN} and {@code PATH} from (usually {@link System#getenv()})
     * @throws PostgresBackupException naming the package to install when a tool is missing
     */
    public static PostgresTools locate(Map<String, String> env) {
        List<Path> dirs = searchPath(env);
        Path dump = find("pg_dump", dirs);
        List<Path> restoreDirs = new ArrayList<>(List.of(dump.getParent()));
        restoreDirs.addAll(dirs);
        Path restore = find("pg_restore", restoreDirs);
        String dumpVersion = versionOf(dump);
        String restoreVersion = versionOf(restore);
        if (majorOf(dumpVersion) != majorOf(restoreVersion)) {
            throw new PostgresBackupException(dump + " is version " + dumpVersion + " but " + restore + " is "
                    + restoreVersion + "; they must be of the same major version (set " + BIN_VARIABLE
                    + " to one PostgreSQL bin directory)");
        }
        return new PostgresTools(dump, restore, dumpVersion, majorOf(dumpVersion));
    }

    /** The version of pg_dump, as it reports it, e.g. {@code 15.18}. */
    public String version() {
        return version;
    }

    /** The major version of pg_dump and pg_restore, e.g. {@code 15}. */
    public int major() {
        return major;
    }

    /** Where pg_dump is. */
    public Path pgDump() {
        return pgDump;
    }

    /** Where pg_restore is. */
    public Path pgRestore() {
        return pgRestore;
    }

    /**
     * Refuses a server these tools cannot handle. pg_dump refuses to dump a server newer than
     * itself (with "server version mismatch", which does not say what to do); an older server
     * is supported by pg_dump and pg_restore, so it is accepted.
     *
     * @param serverVersionNum the server's {@code server_version_num}, e.g. 150019
     */
    public void requireServer(int serverVersionNum, PostgresTarget target) {
        int serverMajor = serverVersionNum / 10000; // 150019 is 15.19, 90624 is 9.6.24
        if (serverMajor > major) {
            throw new PostgresBackupException("pg_dump " + version + " (" + pgDump + ") cannot back up the PostgreSQL "
                    + serverMajor + " server at " + target.describe() + ": install postgresql-client-" + serverMajor
                    + " (apt-get install postgresql-client-" + serverMajor + ") or set " + BIN_VARIABLE
                    + " to the bin directory of PostgreSQL " + serverMajor + " or newer");
        }
    }

    @Override
    public String toString() {
        return "pg_dump " + version + " at " + pgDump.getParent();
    }

    static String installHint(String tool) {
        return tool + " not found: install postgresql-client-15 (apt-get install postgresql-client-15) or set "
                + BIN_VARIABLE;
    }

    private static List<Path> searchPath(Map<String, String> env) {
        String override = env.get(BIN_VARIABLE);
        if (override != null && !override.isBlank()) {
            return List.of(Path.of(override));
        }
        List<Path> dirs = new ArrayList<>();
        for (String entry : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                dirs.add(Path.of(entry));
            }
        }
        dirs.addAll(debianBinDirs());
        return dirs;
    }

    /** {@code /usr/lib/postgresql/<major>/bin}, newest major first. */
    private static List<Path> debianBinDirs() {
        if (!Files.isDirectory(DEBIAN_VERSIONS)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
            return versions.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
                    .map(p -> p.resolve("bin"))
                    .toList();
        } catch (IOException e) {
            throw new PostgresBackupException("cannot list " + DEBIAN_VERSIONS + ": " + e.getMessage(), e);
        }
    }

    private static Path find(String tool, List<Path> dirs) {
        Optional<Path> found = dirs.stream().map(dir -> dir.resolve(tool))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
        return found.orElseThrow(() -> new PostgresBackupException(installHint(tool) + " (looked in "
                + String.join(File.pathSeparator, dirs.stream().map(Path::toString).toList()) + ")"));
    }

    private static String versionOf(Path tool) {
        PostgresCommand.Outcome outcome = PostgresCommand.run(List.of(tool.toString(), "--version"), null);
        Matcher m = VERSION.matcher(outcome.stdout());
        if (!outcome.ok() || !m.find()) {
            throw new PostgresBackupException(tool + " --version did not report a PostgreSQL version: "
                    + outcome.stdout().strip() + " " + outcome.error());
        }
        return m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
    }

    private static int majorOf(String version) {
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }
}
