package io.slipway.supervisor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A live process whose environment carries our data dir marker: one of our instances (or a
 * descendant of one), found through {@code /proc/<pid>/environ} even when no record names it.
 */
record MarkedProcess(ProcessHandle handle, String instanceId) {
    static final String DATA_DIR_VAR = "SLIPWAY_DATA_DIR";
    static final String INSTANCE_VAR = "SLIPWAY_INSTANCE";
    private static final Logger log = LoggerFactory.getLogger(MarkedProcess.class);
    private static final Path PROC = Path.of("/proc");

    static List<MarkedProcess> scan(Path dataDir) {
        if (!Files.isDirectory(PROC)) {
            log.warn("orphan scan skipped: no /proc on this system dataDir={}", dataDir);
            return List.of();
        }
        String marker = DATA_DIR_VAR + "=" + dataDir;
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> pid != self)
                    .flatMap(pid -> read(pid, marker).stream())
                    .toList();
        } catch (IOException e) {
            throw new SupervisorException("cannot list " + PROC + " to find orphaned instances: " + e, e);
        }
    }

    private static Optional<MarkedProcess> read(long pid, String marker) {
        List<String> environ = List.of(environ(pid));
        if (!environ.contains(marker)) {
            return Optional.empty();
        }
        return environ.stream().filter(entry -> entry.startsWith(INSTANCE_VAR + "=")).findFirst()
                .map(entry -> entry.substring(INSTANCE_VAR.length() + 1))
                .flatMap(instance -> ProcessHandle.of(pid).map(h -> new MarkedProcess(h, instance)));
    }

    private static String[] environ(long pid) {
        try {
            return new String(Files.readAllBytes(PROC.resolve(pid + "/environ")), StandardCharsets.UTF_8).split("\0");
        } catch (IOException e) {
            // Gone meanwhile, or another user's process (EACCES): either way not one of our children.
            return new String[0];
        }
    }
}
