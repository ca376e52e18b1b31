package io.slipway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds processes started for a data dir by the env markers the supervisor sets
 * ({@code SLIPWAY_DATA_DIR}, {@code SLIPWAY_INSTANCE}), to prove there are no orphans or
 * duplicates, and to clean up after a test whatever happens.
 */
final class MarkedProcesses {
    private MarkedProcesses() {
    }

    /** A live process and the instance id it carries. */
    record Marked(long pid, String instance) {
    }

    static List<Marked> scan(Path dataDir) {
        String marker = "SLIPWAY_DATA_DIR=" + dataDir.toAbsolutePath().normalize();
        List<Marked> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String env = environ(p);
                if (env != null && List.of(env.split("\0")).contains(marker) && isAlive(p)) {
                    String instance = Stream.of(env.split("\0")).filter(e -> e.startsWith("SLIPWAY_INSTANCE="))
                            .map(e -> e.substring("SLIPWAY_INSTANCE=".length())).findFirst().orElse("?");
                    found.add(new Marked(Long.parseLong(p.getFileName().toString()), instance));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /** Each live instance's process id; fails naming them all when one instance has two processes. */
    static Map<String, Long> byInstance(Path dataDir) {
        List<Marked> marked = scan(dataDir);
        return marked.stream().collect(Collectors.toMap(Marked::instance, Marked::pid, (a, b) -> {
            throw new AssertionError("duplicate process for one instance: " + marked);
        }));
    }

    static void killAll(Path dataDir) {
        for (Marked m : scan(dataDir)) {
            ProcessHandle.of(m.pid()).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }

    private static boolean isAlive(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    private static String environ(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
