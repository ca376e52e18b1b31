package io.slipway.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/** {@code java -jar slipway.jar ...} as a real child process, with its output captured. */
final class SlipwayProcess implements AutoCloseable {
    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();

    private SlipwayProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("[reader stopped: " + e + "]");
            }
        }, "slipway-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Path jar() {
        String jar = System.getProperty("slipway.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property slipway.jar must name the built slipway.jar"
                    + " (run through `mvn verify`): " + jar);
        }
        return Path.of(jar);
    }

    static SlipwayProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, List.of(), args);
    }

    /** With {@code jvmOptions} before {@code -jar}. */
    static SlipwayProcess start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        return new SlipwayProcess(pb.start());
    }

    /** Starts {@code slipway server -c config} and waits for its ready line. */
    static SlipwayProcess server(Path config) throws IOException {
        return server(config, List.of());
    }

    /** Starts {@code slipway server -c config} with {@code jvmOptions} and waits for its ready line. */
    static SlipwayProcess server(Path config, List<String> jvmOptions) throws IOException {
        SlipwayProcess server = start(config.getParent(), jvmOptions, "server", "-c", config.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> server.printed("slipway server ready")
                || !server.process.isAlive());
        if (!server.process.isAlive()) {
            throw new IllegalStateException("slipway server exited: " + String.join("\n", server.output));
        }
        return server;
    }

    boolean printed(String text) {
        return output.stream().anyMatch(l -> l.contains(text));
    }

    String text() {
        return String.join("\n", output);
    }

    /** SIGKILL of this process only: its children (gateway, apps) are left running. */
    void kill() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Asks a server to stop everything it runs (apps, gateway) and exit. */
    static void shutdownAll(int adminPort) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + adminPort + "/api/v1/server/shutdown?stopApps=true"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the server may already be gone; MarkedProcesses.killAll cleans up what is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
