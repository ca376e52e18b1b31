package io.slipway.migrate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The scripts in an app's migration directory, read and checked as a whole: every {@code .sql} file
 * directly in it must be a well-named script (other files and subdirectories are ignored, and listed
 * so that status can say so; hidden files are skipped), no two scripts may share a version (or a
 * repeatable description), and every undo script needs its forward script. All problems are
 * reported together, each naming its file(s).
 */
final class MigrationFiles {
    private final Path dir;
    private final TreeMap<Version, Migration> versioned = new TreeMap<>();
    private final TreeMap<Version, Migration> undos = new TreeMap<>();
    private final TreeMap<String, Migration> repeatables = new TreeMap<>();
    private final List<String> ignored = new ArrayList<>();

    private MigrationFiles(Path dir) {
        this.dir = dir;
    }

    /** @throws MigrationFileException listing every problem found in the directory */
    static MigrationFiles read(Path dir, Dialect dialect) {
        MigrationFiles files = new MigrationFiles(dir);
        List<String> problems = new ArrayList<>();
        for (Path file : list(dir)) {
            String name = file.getFileName().toString();
            if (!ScriptName.isScript(name) || !Files.isRegularFile(file)) {
                files.ignored.add(name);
            } else {
                load(file, dialect, problems).ifPresent(m -> files.add(m, problems));
            }
        }
        files.checkUndos(problems);
        if (!problems.isEmpty()) {
            throw new MigrationFileException("migration directory " + dir + " cannot be used", problems);
        }
        return files;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new MigrationFileException("cannot read migration directory " + dir, List.of(String.valueOf(e)));
        }
    }

    private static Optional<Migration> load(Path file, Dialect dialect, List<String> problems) {
        String name = file.getFileName().toString();
        try {
            ScriptName script = ScriptName.parse(name);
            String text = text(file);
            Directives directives = Directives.parse(name, text);
            return Optional.of(new Migration(script.kind(), script.version(), script.description(), name,
                    Checksum.of(text), directives.noTransaction(), directives.contract(),
                    SqlSplitter.split(text, dialect)));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        } catch (IOException e) {
            problems.add(name + ": cannot be read as UTF-8 text: " + e);
        }
        return Optional.empty();
    }

    /** The file's text, without a leading byte order mark; malformed UTF-8 is an error, not replaced. */
    private static String text(Path file) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private void add(Migration m, List<String> problems) {
        switch (m.kind()) {
            case VERSIONED -> put(versioned, m.version(), m, problems);
            case UNDO -> put(undos, m.version(), m, problems);
            case REPEATABLE -> put(repeatables, m.description(), m, problems);
        }
    }

    private static <K> void put(Map<K, Migration> scripts, K key, Migration m, List<String> problems) {
        Migration other = scripts.putIfAbsent(key, m);
        if (other != null) {
            problems.add(other.script() + " and " + m.script() + " both have "
                    + (m.version() == null ? "description \"" + key + "\"" : "version " + key));
        }
    }

    private void checkUndos(List<String> problems) {
        for (Migration undo : undos.values()) {
            if (!versioned.containsKey(undo.version())) {
                problems.add(undo.script() + " undoes version " + undo.version() + ", but there is no forward script"
                        + " V" + undo.version() + "__*.sql for it");
            }
        }
    }

    Path dir() {
        return dir;
    }

    /** Forward scripts, lowest version first. */
    List<Migration> versioned() {
        return List.copyOf(versioned.values());
    }

    Optional<Migration> forward(Version version) {
        return Optional.ofNullable(versioned.get(version));
    }

    Optional<Migration> undo(Version version) {
        return Optional.ofNullable(undos.get(version));
    }

    /** Repeatable scripts by description, in the order they run. */
    List<Migration> repeatables() {
        return List.copyOf(repeatables.values());
    }

    Optional<Migration> repeatable(String description) {
        return Optional.ofNullable(repeatables.get(description));
    }

    /** Names of entries that are not scripts (other suffixes, directories), sorted. */
    List<String> ignored() {
        return List.copyOf(ignored);
    }
}
