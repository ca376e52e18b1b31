package io.slipway.server;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines that start another JVM on Slipway's own code (the gateway process, the bundled sample app). */
public final class JavaCommand {
    private JavaCommand() {
    }

    /** {@code java <jvmOptions> -cp <slipway.jar or our classpath> <mainClass>}. */
    public static List<String> of(List<String> jvmOptions, String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        return command;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** slipway.jar when we run from it, else the classpath we were started with (tests, IDE). */
    static String classpath() {
        try {
            Path self = Path.of(JavaCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")
                    && !System.getProperty("java.class.path").contains(java.io.File.pathSeparator)) {
                return self.toAbsolutePath().toString();
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall back to the JVM's classpath below
        }
        return System.getProperty("java.class.path");
    }
}
