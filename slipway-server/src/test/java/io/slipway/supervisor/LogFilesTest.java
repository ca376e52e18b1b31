package io.slipway.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LogFilesTest {
    private static final LogRotation SMALL = new LogRotation(100, 2, Duration.ofSeconds(1));

    @TempDir
    Path dir;

    @Test
    void rotatesByCopyThenTruncateAndKeepsOnlyTheNewestCopies() throws IOException {
        Path log = dir.resolve("instance-0.log");
        for (String generation : List.of("first", "second", "third")) {
            Files.writeString(log, generation.repeat(30));
            assertThat(LogFiles.rotateIfLarge(log, SMALL)).isTrue();
            assertThat(log).isEmptyFile();
        }
        assertThat(Files.readString(dir.resolve("instance-0.log.1"))).startsWith("third");
        assertThat(Files.readString(dir.resolve("instance-0.log.2"))).startsWith("second");
        assertThat(dir.resolve("instance-0.log.3")).doesNotExist();
    }

    @Test
    void leavesSmallFilesAlone() throws IOException {
        Path log = dir.resolve("instance-0.log");
        Files.writeString(log, "short\n");
        assertThat(LogFiles.rotateIfLarge(log, SMALL)).isFalse();
        assertThat(log).hasContent("short");
        assertThat(dir.resolve("instance-0.log.1")).doesNotExist();
    }

    @Test
    void tailReturnsTheLastLinesOfALargeFile() throws IOException {
        Path log = dir.resolve("instance-0.log");
        Files.writeString(log, IntStream.range(0, 5000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));

        assertThat(LogFiles.tail(log, 3)).containsExactly("line 4997", "line 4998", "line 4999");
        assertThat(LogFiles.tail(log, 2000)).hasSize(2000).startsWith("line 3000").endsWith("line 4999");
    }

    @Test
    void tailOfShortOrMissingFile() throws IOException {
        Path log = dir.resolve("instance-0.log");
        assertThat(LogFiles.tail(log, 5)).isEmpty();
        Files.writeString(log, "a\nb");
        assertThat(LogFiles.tail(log, 5)).containsExactly("a", "b");
    }

    @Test
    void tailAllPrefixesLinesWithTheInstanceWhenThereAreSeveral() throws IOException {
        Files.writeString(dir.resolve("instance-1.log"), "one\n");
        Files.writeString(dir.resolve("instance-0.log"), "zero\n");
        Files.writeString(dir.resolve("instance-0.log.1"), "old\n");

        assertThat(LogFiles.tailAll(dir, 10)).containsExactly("[0] zero", "[1] one");
    }
}
