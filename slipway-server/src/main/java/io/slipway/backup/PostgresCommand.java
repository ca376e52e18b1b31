package io.slipway.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@code pg_dump}/{@code pg_restore} process: the password goes into the child's
 * {@code PGPASSWORD}, never onto the command line (where {@code ps} would show it), and both
 * output streams go to temporary files, which cannot fill a pipe and stall the child.
 */
final class PostgresCommand {
    /** Long enough for large databases; only there so that a hung tool cannot hang Slipway forever. */
    static final Duration TIMEOUT = Duration.ofHours(6);
    private static final int MAX_STDERR = 4000;

    private PostgresCommand() {
    }

    /** What the process did: its exit code and its two output streams. */
    record Outcome(List<String> command, int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The tool's error output, shortened for messages, or the exit code when it printed nothing. */
        String error() {
            String text = stderr.strip();
            if (text.isEmpty()) {
                return "exit code " + exitCode;
            }
            return text.length() <= MAX_STDERR ? text : text.substring(0, MAX_STDERR) + " …(truncated)";
        }
    }

    /** Starts the command; {@code target} supplies the password (null for commands that do not connect). */
    static Running start(List<String> command, PostgresTarget target) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("slipway-pg-", ".out");
            stderr = Files.createTempFile("slipway-pg-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            environment(builder.environment(), target);
            Process process = builder.start();
            process.getOutputStream().close(); // a tool that asks for input gets end-of-file, not a hang
            return new Running(command, process, stdout, stderr);
        } catch (IOException e) {
            Running.delete(stdout);
            Running.delete(stderr);
            throw new PostgresBackupException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Runs the command to its end. */
    static Outcome run(List<String> command, PostgresTarget target) {
        return start(command, target).await();
    }

    private static void environment(Map<String, String> env, PostgresTarget target) {
        env.remove("PGPASSWORD");
        if (target != null && !target.password().isEmpty()) {
            env.put("PGPASSWORD", target.password());
        }
        env.putIfAbsent("PGCONNECT_TIMEOUT", "15");
    }

    /**
     * A libpq connection string for {@code --dbname}: a database name containing {@code =} or
     * starting with {@code postgresql://} would otherwise be read as one itself.
     */
    static String conninfo(PostgresTarget target) {
        return "host=" + quote(target.host()) + " port=" + target.port() + " dbname=" + quote(target.database())
                + " user=" + quote(target.user()) + " application_name=slipway-backup";
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The arguments that connect a tool to {@code target}, ahead of its own options. */
    static List<String> command(Path tool, PostgresTarget target, String... options) {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.add("--no-password");
        command.add("--dbname=" + conninfo(target));
        command.addAll(List.of(options));
        return command;
    }

    /** A started process whose outcome is collected by {@link #await()}. */
    static final class Running {
        private final List<String> command;
        private final Process process;
        private final Path stdout;
        private final Path stderr;

        private Running(List<String> command, Process process, Path stdout, Path stderr) {
            this.command = command;
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** Waits for the end (at most {@link #TIMEOUT}), then reads and removes the captured output. */
        Outcome await() {
            try {
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new PostgresBackupException(command.get(0) + " did not finish within " + TIMEOUT);
                }
                return new Outcome(command, process.exitValue(), read(stdout), read(stderr));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new PostgresBackupException("interrupted while waiting for " + command.get(0), e);
            } finally {
                delete(stdout);
                delete(stderr);
            }
        }

        /** Stops the process, for when the caller gives up on it, and removes its captured output. */
        void kill() {
            process.destroyForcibly();
            delete(stdout);
            delete(stderr);
        }

        private static String read(Path file) {
            try {
                return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new PostgresBackupException("cannot read the output of a PostgreSQL tool in " + file, e);
            }
        }

        private static void delete(Path file) {
            if (file == null) {
                return;
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover temporary file must not turn a good backup into a failed one.
                file.toFile().deleteOnExit();
            }
        }
    }
}
