package io.slipway.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sample app as Slipway runs it: a real child process, stopped with SIGTERM. */
class SampleAppProcessTest {
    private static final Pattern STARTUP = Pattern.compile("sample-app version=v4 port=(\\d+) ready");
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void printsOneStartupLineServesAndExitsZeroOnSigterm() throws Exception {
        Process app = launch(Map.of("SLIPWAY_VERSION", "v4", "PORT", "0"));
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        Matcher startup = STARTUP.matcher(String.valueOf(out.readLine()));
        assertThat(startup.matches()).as("startup line").isTrue();

        URI root = URI.create("http://127.0.0.1:" + startup.group(1) + "/");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
        app.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout

        assertThat(response.body()).contains("\"version\":\"v4\"");
        assertThat(app.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(app.exitValue()).isZero();
        assertThat(out.readLine()).isEqualTo("sample-app version=v4 port=" + startup.group(1) + " stopped");
    }

    @Test
    void exitsTwoNamingAnInvalidKnob() throws Exception {
        Process app = launch(Map.of("SAMPLE_ERROR_RATE", "often"));

        assertThat(app.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(app.exitValue()).isEqualTo(2);
        assertThat(new String(app.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("sample-app: invalid SAMPLE_ERROR_RATE=\"often\": expected a number from 0 to 1\n");
    }

    @Test
    void crashesWithExitOneRightAtStartupWhenToldSo() throws Exception {
        Process app = launch(Map.of("SLIPWAY_VERSION", "v5", "SAMPLE_CRASH_AFTER_S_V5", "0", "PORT", "0"));

        assertThat(app.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(app.exitValue()).isEqualTo(1);
        assertThat(app.getInputStream().readAllBytes()).isEmpty();
    }

    private Process launch(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SampleApp.class.getName());
        builder.environment().keySet().removeIf(name -> name.startsWith("SAMPLE_") || name.equals("PORT"));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }
}
