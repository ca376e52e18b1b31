package io.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.config.ConfigException;
import io.slipway.config.ConfigLoader;
import io.slipway.config.ConfigProblem;
import io.slipway.config.SlipwayConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway validate [FILE]}: checks a config file and lists every problem in it. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a config file and list every problem in it (exit 0 if valid, 2 if not).")
public final class ValidateCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int BAD_CONFIG = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Config file (default: " + ConfigLoader.DEFAULT_FILE + " in the current directory).")
    private String file;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file, instead of FILE.")
    private String config;

    @Option(names = "--json", description = "Print the result as JSON, for scripts.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;
    private final Path workingDir;

    public ValidateCommand() {
        this(System.getenv(), Path.of(""));
    }

    /** For tests: {@code ${VAR}} from {@code env}, a relative FILE from {@code workingDir}. */
    ValidateCommand(Map<String, String> env, Path workingDir) {
        this.env = env;
        this.workingDir = workingDir;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        if (file != null && config != null && !file.equals(config)) {
            spec.commandLine().getErr().println("Name the config file once: as FILE or with --config, not both.");
            return BAD_CONFIG;
        }
        String name = file != null ? file : config != null ? config : ConfigLoader.DEFAULT_FILE;
        try {
            SlipwayConfig loaded = ConfigLoader.load(workingDir.resolve(name), env);
            return report(name, loaded.apps().keySet().stream().toList(), List.of());
        } catch (ConfigException e) {
            return report(name, List.of(), e.problems());
        }
    }

    private int report(String name, List<String> apps, List<ConfigProblem> problems) throws JsonProcessingException {
        if (json) {
            spec.commandLine().getOut().println(JSON.writeValueAsString(jsonReport(name, apps, problems)));
        } else if (problems.isEmpty()) {
            spec.commandLine().getOut().println(name + ": OK (" + count(apps.size(), "app")
                    + (apps.isEmpty() ? "" : ": " + String.join(", ", apps)) + ")");
        } else {
            printProblems(spec.commandLine().getErr(), name, problems);
        }
        return problems.isEmpty() ? OK : BAD_CONFIG;
    }

    private static Map<String, Object> jsonReport(String name, List<String> apps, List<ConfigProblem> problems) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", name);
        report.put("valid", problems.isEmpty());
        report.put("apps", apps);
        report.put("problems", problems);
        return report;
    }

    /** A problem with the file as a whole (missing, not YAML) fits on the file's own line. */
    private static void printProblems(PrintWriter err, String name, List<ConfigProblem> problems) {
        if (problems.size() == 1 && problems.get(0).path().isEmpty()) {
            err.println(name + ": " + problems.get(0));
            return;
        }
        err.println(name + ": " + count(problems.size(), "problem"));
        problems.forEach(problem -> err.println("  " + problem));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
