package io.slipway.migrate;

import static io.slipway.migrate.MigratorTest.OPTIONS;
import static io.slipway.migrate.MigratorTest.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The migration lock between migrators in separate OS processes, on SQLite and on PostgreSQL. */
class MigratorProcessTest {
    @RegisterExtension
    static final PostgresServer pg = new PostgresServer();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Process> children = new ArrayList<>();

    @TempDir
    Path tmp;
    private Path scripts;

    @BeforeEach
    void writeScripts() {
        scripts = Scripts.standard(tmp.resolve("migrations"));
    }

    @AfterEach
    void stopChildrenAndThreads() {
        children.forEach(Process::destroyForcibly);
        threads.shutdownNow();
    }

    /** The child's output lines, as they come. */
    private record Child(Process process, List<String> output) {
        String owner() {
            return output.stream().filter(l -> l.startsWith("LOCKED ")).findFirst().orElseThrow().substring(7);
        }

        void go() throws IOException {
            process.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }
    }

    private Child startChild(TestDatabase db, Duration lease) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockingMigrator.class.getName(), scripts.toString(),
                String.valueOf(lease.toMillis())));
        command.addAll(db.arguments());
        Process process = new ProcessBuilder(command).redirectError(tmp.resolve("child.err").toFile()).start();
        children.add(process);
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture.runAsync(() -> readLines(process, output), threads);
        Child child = new Child(process, output);
        await().atMost(Duration.ofSeconds(30)).failFast("child exited: " + output, () -> !process.isAlive())
                .until(() -> output.stream().anyMatch(l -> l.startsWith("LOCKED ")));
        return child;
    }

    private static void readLines(Process process, List<String> output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            in.lines().forEach(output::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs up in this JVM, in a thread, once the child holds the lock; returns when it waits for the child,
     * with the holders it waited for in {@code waitedFor}.
     */
    private Future<Outcome> parentWaitingFor(TestDatabase db, List<LockHolder> waitedFor) {
        MigrationOptions options = OPTIONS.withLockWait(Duration.ofSeconds(30)).withLockPoll(Duration.ofMillis(100));
        Migrator parent = new Migrator(scripts, db.database(), options, Clock.systemUTC()).withListener(new MigrationListener() {
            @Override
            public void waitingForLock(LockHolder holder) {
                waitedFor.add(holder);
            }
        });
        Future<Outcome> run = threads.submit(() -> parent.up(Optional.empty()));
        await().atMost(Duration.ofSeconds(20)).until(() -> !waitedFor.isEmpty());
        return run;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoMigratorsInSeparateProcessesApplyEachScriptOnce(Backend backend) throws Exception {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        Child child = startChild(db, Duration.ofSeconds(30));
        List<LockHolder> waitedFor = new CopyOnWriteArrayList<>();

        Future<Outcome> parentRun = parentWaitingFor(db, waitedFor);
        child.go();

        assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).as("child finished").isTrue();
        assertThat(child.process().exitValue()).as(Files.readString(tmp.resolve("child.err"))).isZero();
        assertThat(child.output()).contains("APPLIED 4");
        assertThat(waitedFor).extracting(LockHolder::owner).containsExactly(child.owner());
        assertThat(parentRun.get(30, TimeUnit.SECONDS).migrations()).isEmpty();
        assertThat(history(db)).hasSize(4).allSatisfy(row -> assertThat(row).endsWith("|child|child-backup"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aKilledMigratorsLockIsTakenOverOnceItsLeaseExpires(Backend backend) throws Exception {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        Child child = startChild(db, Duration.ofSeconds(2));
        List<LockHolder> waitedFor = new CopyOnWriteArrayList<>();
        Future<Outcome> parentRun = parentWaitingFor(db, waitedFor);

        child.process().destroyForcibly();
        assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(parentRun.get(30, TimeUnit.SECONDS).migrations()).hasSize(4);
        assertThat(waitedFor).extracting(LockHolder::owner).containsExactly(child.owner());
        assertThat(history(db)).hasSize(4).allSatisfy(row -> assertThat(row).contains("|ok|tester|"));
        Instant firstInstalled = migratorStatus(db).entries().get(0).installedOn();
        assertThat(firstInstalled).as("taken over only once the lease the child last renewed had run out")
                .isAfter(waitedFor.get(0).expiresAt());
    }

    private Status migratorStatus(TestDatabase db) {
        return new Migrator(scripts, db.database(), OPTIONS, Clock.systemUTC()).status();
    }
}
