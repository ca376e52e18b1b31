package io.slipway.cli;

import io.slipway.api.ApiFixture;
import io.slipway.api.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code slipway flags file} against a real API server on port 0 watching a real flags.yaml. */
class FlagFileCommandTest {
    private static final String FILE = "flags:\n  new-checkout:\n    category: checkout\n";

    @TempDir
    Path dir;
    ApiFixture api;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void saysTheFileIsAppliedAndWhichFlagsItDoesNotDeclare() throws IOException {
        Path file = Files.writeString(dir.resolve("flags.yaml"), FILE);
        api = new ApiFixture(dir, List.of("production"), file);
        api.post("/api/v1/flags", "{\"key\": \"legacy\"}");

        assertThat(run("flags", "file")).isZero();

        assertThat(out.toString()).matches(Pattern.quote(file.toString())
                + ": ok \\(applied \\S+, sha256:[0-9a-f]{12}\\)\n"
                + "  declares: new-checkout\n  not in flags.yaml: legacy\n");
        assertThat(run("flags", "file", "--json")).isZero();
        assertThat(Json.MAPPER.readTree(out.toString()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void showsEachProblemOfAnInvalidFileAndExitsOne() throws IOException {
        Path file = Files.writeString(dir.resolve("flags.yaml"), FILE + "    colour: blue\n");
        api = new ApiFixture(dir, List.of("production"), file);

        assertThat(run("flags", "file")).isEqualTo(1);

        assertThat(out.toString()).isEqualTo(file + ": INVALID; the last good content stays in force (never applied)\n"
                + "  " + file + ":4:13: flags.new-checkout.colour: \"blue\" is not a known field (expected one of"
                + " category, createdAt, dependencies, description, environments, guard, key, owner, schedule,"
                + " staleAfter, tags, updatedAt, variants, version)\n"
                + "  declares: -\n  not in flags.yaml: -\n");
    }

    @Test
    void exitsTwoWhenTheServerHasNoFile() {
        api = new ApiFixture(dir, List.of("production"));

        assertThat(run("flags", "file")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: no flags file is configured (flags.file in slipway.yaml)\n");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", api.uri("/").toString()));
        return new CommandLine(Slipway.class).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
    }
}
