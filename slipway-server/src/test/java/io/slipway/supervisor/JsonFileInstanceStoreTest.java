package io.slipway.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonFileInstanceStoreTest {
    @TempDir
    Path dir;

    @Test
    void recordsSurviveANewStoreOnTheSameFile() {
        Path file = dir.resolve("state/instances.json");
        JsonFileInstanceStore first = new JsonFileInstanceStore(file);
        InstanceRecord running = InstanceRecord.fresh("web", "v1", 0, 8080)
                .running(4242, Instant.parse("2025-03-01T10:15:30.120Z"));
        first.save(running);
        first.save(InstanceRecord.fresh("web", "v1", 1, 8081));
        first.delete("web/v1/1");

        assertThat(new JsonFileInstanceStore(file).all()).containsExactly(running);
    }

    @Test
    void unreadableFileIsNamedInTheError() throws IOException {
        Path file = Files.writeString(dir.resolve("instances.json"), "{not json");

        assertThatThrownBy(() -> new JsonFileInstanceStore(file))
                .isInstanceOf(SupervisorException.class)
                .hasMessageStartingWith("instance store " + file + " is not readable");
    }
}
