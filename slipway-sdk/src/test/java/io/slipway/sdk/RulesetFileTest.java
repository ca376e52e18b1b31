package io.slipway.sdk;

import io.slipway.flags.FlagRules;
import io.slipway.flags.Ruleset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.slipway.sdk.TestRules.ENV;
import static org.assertj.core.api.Assertions.assertThat;

class RulesetFileTest {
    @TempDir
    Path dir;

    @Test
    void aReaderNeverSeesAHalfWrittenCache() throws Exception {
        RulesetFile cache = RulesetFile.cache(dir, ENV);
        cache.write(large(0));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<Long> broken = CompletableFuture.supplyAsync(() -> {
            long failures = 0;
            while (writing.get() || reads.get() < 50) {
                failures += cache.read().map(r -> 0).orElse(1);
                reads.incrementAndGet();
            }
            return failures;
        });
        for (int v = 1; v <= 200; v++) {
            cache.write(large(v));
        }
        writing.set(false);
        assertThat(broken.get()).as("reads that found no valid ruleset, of " + reads.get()).isZero();
        assertThat(cache.read()).get().extracting(Ruleset::version).isEqualTo(200L);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("production.ruleset.json");
        }
    }

    @Test
    void aMissingFileReadsAsNothingWithoutComplaint() {
        try (LogCapture log = new LogCapture()) {
            assertThat(new RulesetFile(dir.resolve("absent.json")).read()).isEmpty();
            assertThat(log.messages(java.util.logging.Level.WARNING)).isEmpty();
        }
    }

    @Test
    void aFileThatBreaksTheFlagModelIsRefusedWhole() throws IOException {
        Path file = dir.resolve("twice.json");
        Files.writeString(file, "{\"environment\":\"production\",\"version\":3,\"flags\":[{\"key\":\"a\",\"enabled\":true},"
                + "{\"key\":\"a\",\"enabled\":false}]}");
        try (LogCapture log = new LogCapture()) {
            assertThat(new RulesetFile(file).read()).isEmpty();
            assertThat(log.messages(java.util.logging.Level.SEVERE)).singleElement().asString()
                    .contains(file.toString()).contains("flag a: defined twice");
        }
    }

    /** A ruleset of about 40 KB, big enough that a non-atomic write would be caught half done. */
    private static Ruleset large(long version) {
        List<FlagRules> flags = IntStream.range(0, 800).mapToObj(i -> FlagRules.rollout("flag-" + i, (int) (version % 100))).toList();
        return new Ruleset(ENV, version, List.of(), flags);
    }
}
