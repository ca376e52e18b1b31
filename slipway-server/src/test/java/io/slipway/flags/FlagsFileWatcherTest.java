package io.slipway.flags;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slipway.monitor.FlagMetrics;
import io.slipway.store.FlagRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static io.slipway.flags.FlagsFileTest.VALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watcher on a real file in a real directory, over a real store: edits, mistakes, fixes, renames. */
class FlagsFileWatcherTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    Path file;
    Store store;
    Flags flags;
    FlagsFileWatcher watcher;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void open() throws IOException {
        store = Store.open(dir.resolve("slipway.db"), Clock.systemUTC());
        flags = new Flags(new FlagRepository(store), List.of("production", "staging"), Clock.systemUTC());
        file = Files.createDirectory(dir.resolve("gitops")).resolve("flags.yaml");
    }

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
        store.close();
    }

    @Test
    void appliesEachChangeAndKeepsTheLastGoodStateWhileTheFileIsInvalid() throws IOException {
        write(rollout(20));
        start();
        assertThat(rollout()).as("applied before start returns").isEqualTo(20);
        assertThat(valid()).isEqualTo(1.0);

        write(rollout(40));
        await().atMost(PATIENCE).until(() -> rollout() == 40);

        write(rollout(140));
        await().atMost(PATIENCE).until(() -> watcher.status().status() == FlagsFileStatus.State.INVALID);
        FlagsFileStatus invalid = watcher.status();
        assertThat(invalid.error()).isEqualTo(file + ":16:39: flags.new-checkout.environments.production"
                + ".strategies[1]: strategy everyone: rollout 140 must be a percentage from 0 to 100");
        assertThat(rollout()).as("the last good state stays in force").isEqualTo(40);
        assertThat(invalid.hash()).as("of the content in force").isEqualTo(FlagsFile.sha256(rollout(40)));
        assertThat(valid()).isZero();

        write(rollout(60));
        await().atMost(PATIENCE).until(() -> watcher.status().status() == FlagsFileStatus.State.OK);
        assertThat(rollout()).isEqualTo(60);
        assertThat(watcher.status().error()).isNull();
        assertThat(valid()).isEqualTo(1.0);
    }

    @Test
    void aFileReplacedByRenamingAnotherOverItIsApplied() throws IOException {
        write(rollout(20));
        start();

        Path temp = file.resolveSibling(".flags.yaml.tmp");
        Files.writeString(temp, rollout(80));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        await().atMost(PATIENCE).until(() -> rollout() == 80);
    }

    @Test
    void anInvalidFileAtStartLeavesTheStoreAsItWas() throws IOException {
        flags.create(Flag.of("new-checkout", "checkout"), Actor.of("alice"));
        write(VALID.replace("owner: payments-team", "owner: [payments-team"));

        start();

        FlagsFileStatus status = watcher.status();
        assertThat(status.status()).isEqualTo(FlagsFileStatus.State.INVALID);
        assertThat(status.error()).startsWith(file + ":11:");
        assertThat(status.hash()).as("no file was ever applied").isNull();
        assertThat(status.notInFile()).containsExactly("new-checkout");
        assertThat(flags.get("new-checkout").version()).isEqualTo(1);
        assertThat(valid()).isZero();
    }

    @Test
    void aMissingFileChangesNothingUntilItAppears() throws IOException {
        start();
        assertThat(watcher.status().status()).isEqualTo(FlagsFileStatus.State.MISSING);
        assertThat(valid()).isZero();

        write(rollout(20));

        await().atMost(PATIENCE).until(() -> watcher.status().status() == FlagsFileStatus.State.OK);
        assertThat(rollout()).isEqualTo(20);
    }

    @Test
    void theStatusListsTheFlagsDeclaredAndThoseThatAreNot() throws IOException {
        flags.create(Flag.of("legacy", null), Actor.of("alice"));
        write(VALID);

        start();

        FlagsFileStatus status = watcher.status();
        assertThat(status.path()).isEqualTo(file.toString());
        assertThat(status.flags()).containsExactly("new-checkout", "new-search");
        assertThat(status.notInFile()).containsExactly("legacy");
        assertThat(status.appliedAt()).isNotNull();
        assertThat(status.hash()).isEqualTo(FlagsFile.sha256(VALID));
    }

    @Test
    void closingStopsTheWatchThread() throws IOException {
        write(VALID);
        start();
        String name = "slipway-flags-file " + file;
        assertThat(threadAlive(name)).isTrue();

        watcher.close();

        assertThat(threadAlive(name)).isFalse();
    }

    private void start() {
        watcher = FlagsFileWatcher.start(file, flags);
        FlagMetrics.file(registry, watcher);
    }

    private void write(String text) throws IOException {
        Files.writeString(file, text);
    }

    private static String rollout(int percent) {
        return VALID.replace("rollout: 20}", "rollout: " + percent + "}");
    }

    private int rollout() {
        return flags.get("new-checkout").environment("production").strategies().get(1).rollout();
    }

    private double valid() {
        return registry.get("slipway_flags_file_valid").gauge().value();
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
