package io.slipway.supervisor;

import io.slipway.config.AppConfig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one instance is spawned: the app's templates filled in for a version, index and port.
 * Building a plan is pure; {@link #spawn()} does the I/O.
 */
record LaunchPlan(String app, List<String> command, Map<String, String> env, Path artifactDir,
                  Path workingDir, Path logFile) {

    /** Puts each child in its own session so that a signal to Slipway's process group (Ctrl-C, a service manager) does not reach it. */
    private static final Optional<Path> SETSID = Optional.of(Path.of("/usr/bin/setsid")).filter(Files::isExecutable);
    private static final File DEV_NULL = new File("/dev/null");

    static LaunchPlan of(AppConfig app, String version, int index, int port, Path dataDir) {
        Path artifactDir = app.artifactDir(version, dataDir);
        List<String> command = app.command().stream().map(arg -> fill(arg, version, port, artifactDir)).toList();
        Path workingDir = app.workingDir() == null
                ? artifactDir : artifactDir.resolve(fill(app.workingDir(), version, port, artifactDir));
        Path logFile = LogFiles.file(LogFiles.dir(dataDir, app.name(), version), index);
        return new LaunchPlan(app.name(), command, env(app, version, index, port, dataDir), artifactDir, workingDir, logFile);
    }

    static String fill(String template, String version, int port, Path artifactDir) {
        return template.replace("{version}", version)
                .replace("{port}", Integer.toString(port))
                .replace("{artifactDir}", artifactDir.toString());
    }

    private static Map<String, String> env(AppConfig app, String version, int index, int port, Path dataDir) {
        Map<String, String> env = new HashMap<>(app.env());
        env.put("PORT", Integer.toString(port));
        env.put("SLIPWAY_APP", app.name());
        env.put("SLIPWAY_VERSION", version);
        env.put(MarkedProcess.INSTANCE_VAR, InstanceRecord.id(app.name(), version, index));
        env.put(MarkedProcess.DATA_DIR_VAR, dataDir.toString());
        return env;
    }

    /** Spawns the process, its output appended to {@link #logFile()}; it holds no pipe to us. */
    Process spawn() {
        prepareDirectories();
        List<String> argv = new ArrayList<>();
        SETSID.ifPresent(setsid -> argv.add(setsid.toString()));
        argv.add(executable().toString());
        argv.addAll(command.subList(1, command.size()));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw cannotStart(command.get(0), e.getMessage());
        }
    }

    private void prepareDirectories() {
        try {
            Files.createDirectories(artifactDir);
            Files.createDirectories(logFile.getParent());
        } catch (IOException e) {
            throw new CannotStartException("apps." + app + ".artifactDir: cannot create \"" + artifactDir + "\": " + e, e);
        }
        if (!Files.isDirectory(workingDir)) {
            throw new CannotStartException("apps." + app + ".workingDir: \"" + workingDir + "\" is not a directory");
        }
    }

    /**
     * Resolved here rather than left to exec so that a missing program is reported with its
     * name even when the command is wrapped in setsid.
     */
    Path executable() {
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new CannotStartException("apps." + app + ".command: is empty");
        }
        String program = command.get(0);
        if (program.contains("/")) {
            return checkExecutable(program, workingDir.resolve(program));
        }
        String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw cannotStart(program, "not found in PATH (" + path + ")");
    }

    private Path checkExecutable(String program, Path file) {
        if (!Files.exists(file)) {
            throw cannotStart(program, "No such file or directory");
        }
        if (Files.isDirectory(file) || !Files.isExecutable(file)) {
            throw cannotStart(program, "Permission denied");
        }
        return file;
    }

    private CannotStartException cannotStart(String program, String why) {
        return new CannotStartException("apps." + app + ".command: cannot start \"" + program + "\": " + why);
    }
}
