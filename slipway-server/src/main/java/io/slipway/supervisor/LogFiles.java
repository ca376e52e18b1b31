package io.slipway.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Layout, rotation and tailing of per-instance log files. */
final class LogFiles {
    private static final int MAX_TAIL_BYTES = 16 * 1024 * 1024;

    private LogFiles() {
    }

    static Path dir(Path dataDir, String app, String version) {
        return dataDir.resolve("logs").resolve(app).resolve(version);
    }

    static Path file(Path dir, int index) {
        return dir.resolve("instance-" + index + ".log");
    }

    /**
     * Copy-then-truncate: the child keeps its O_APPEND descriptor, so after the truncate its
     * next write lands at the new end (offset 0). Lines written between copy and truncate are
     * lost; renaming instead would leave the child writing into the rotated file forever.
     */
    static boolean rotateIfLarge(Path file, LogRotation policy) throws IOException {
        if (!Files.exists(file) || Files.size(file) <= policy.maxBytes()) {
            return false;
        }
        for (int n = policy.keep() - 1; n >= 1; n--) {
            Path older = numbered(file, n);
            if (Files.exists(older)) {
                Files.move(older, numbered(file, n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(file, numbered(file, 1), StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        return true;
    }

    static Path numbered(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    /** The tail of every {@code instance-N.log} in {@code dir}, by index, prefixed {@code [N] } when there are several. */
    static List<String> tailAll(Path dir, int lines) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(f -> f.getFileName().toString().matches("instance-\\d+\\.log"))
                    .sorted(Comparator.comparingInt(LogFiles::index)).toList();
        }
        List<String> out = new ArrayList<>();
        for (Path file : logs) {
            String prefix = logs.size() > 1 ? "[" + index(file) + "] " : "";
            tail(file, lines).forEach(line -> out.add(prefix + line));
        }
        return out;
    }

    private static int index(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring("instance-".length(), name.length() - ".log".length()));
    }

    /** The last {@code lines} lines of the file (fewer if it is shorter; empty if absent). */
    static List<String> tail(Path file, int lines) throws IOException {
        if (lines <= 0 || !Files.exists(file)) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            for (long span = 8192; ; span *= 2) {
                long from = Math.max(0, size - span);
                List<String> got = readLines(channel, from, size);
                boolean whole = from == 0 || span >= MAX_TAIL_BYTES;
                if (whole || got.size() > lines) {
                    return got.subList(Math.max(0, got.size() - lines), got.size());
                }
            }
        }
    }

    private static List<String> readLines(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) (to - from));
        int read;
        do {
            read = channel.read(buffer, from + buffer.position());
        } while (read > 0 && buffer.hasRemaining());
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
