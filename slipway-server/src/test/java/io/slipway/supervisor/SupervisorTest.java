package io.slipway.supervisor;

import io.slipway.config.AppConfig;
import io.slipway.config.RestartPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.slipway.supervisor.SupervisorEvent.Kind.CRASH_LOOP;
import static io.slipway.supervisor.SupervisorEvent.Kind.EXITED;
import static io.slipway.supervisor.SupervisorEvent.Kind.RESTARTING;
import static io.slipway.supervisor.SupervisorEvent.Kind.STARTED;
import static io.slipway.supervisor.SupervisorEvent.Kind.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SupervisorTest {
    private static final String SLEEPER = "echo \"started $SLIPWAY_INSTANCE on $PORT in $PWD says $GREETING\"; exec sleep 600";

    @TempDir
    Path dataDir;
    private final MemoryInstanceStore store = new MemoryInstanceStore();
    private final List<SupervisorEvent> events = new CopyOnWriteArrayList<>();
    private Supervisor supervisor;

    @BeforeEach
    void createSupervisor() {
        supervisor = supervisor(LogRotation.DEFAULT);
    }

    private Supervisor supervisor(LogRotation rotation) {
        Supervisor s = new Supervisor(dataDir, store, Clock.systemUTC(), rotation);
        s.addListener(events::add);
        return s;
    }

    @AfterEach
    void stopEverything() throws Exception {
        supervisor.stopAll().get(30, TimeUnit.SECONDS);
        supervisor.close();
        assertThat(MarkedProcess.scan(dataDir.toAbsolutePath())).as("processes left behind").isEmpty();
    }

    @Test
    void startsEachInstanceOnItsOwnPortWithEnvironmentAndLogFile() {
        List<Instance> instances = supervisor.start(TestApps.shell("web", 2, SLEEPER), "v1");

        assertThat(instances).extracting(Instance::id).containsExactly("web/v1/0", "web/v1/1");
        assertThat(instances).extracting(Instance::port).doesNotHaveDuplicates().allMatch(p -> p > 0);
        assertThat(instances).allMatch(i -> ProcessHandle.of(i.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertThat(supervisor.status("web", "v1").state()).isEqualTo(VersionStatus.State.RUNNING);
        Path artifactDir = dataDir.toAbsolutePath().resolve("artifacts/web/v1");
        await().until(() -> supervisor.tailLog("web", "v1", 10).size() == 2);
        assertThat(supervisor.tailLog("web", "v1", 10)).containsExactly(
                "[0] started web/v1/0 on " + instances.get(0).port() + " in " + artifactDir + " says hello",
                "[1] started web/v1/1 on " + instances.get(1).port() + " in " + artifactDir + " says hello");
    }

    @Test
    void recordsEveryInstanceWithPidAndProcessStart() {
        Instance instance = supervisor.start(TestApps.shell("web", 1, SLEEPER), "v1").get(0);

        InstanceRecord record = store.all().get(0);
        assertThat(record.id()).isEqualTo("web/v1/0");
        assertThat(record.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(record.pid()).isEqualTo(instance.pid());
        assertThat(record.port()).isEqualTo(instance.port());
        assertThat(record.processStart()).isEqualTo(ProcessHandle.of(instance.pid()).orElseThrow().info().startInstant().orElseThrow());
    }

    @Test
    void startingARunningVersionAgainReturnsTheSameInstances() {
        AppConfig app = TestApps.shell("web", 2, SLEEPER);
        List<Instance> first = supervisor.start(app, "v1");

        List<Instance> second = supervisor.start(app, "v1");

        assertThat(second).isEqualTo(first);
        assertThat(MarkedProcess.scan(dataDir.toAbsolutePath())).hasSize(2);
        assertThat(events).filteredOn(e -> e.kind() == STARTED).hasSize(2);
    }

    @Test
    void childHoldsNoPipeToSlipwayAndRunsInItsOwnSession() throws IOException {
        long pid = supervisor.start(TestApps.shell("web", 1, SLEEPER), "v1").get(0).pid();

        Path fd = Path.of("/proc/" + pid + "/fd");
        assertThat(Files.readSymbolicLink(fd.resolve("0"))).isEqualTo(Path.of("/dev/null"));
        Path log = supervisor.logDir("web", "v1").resolve("instance-0.log");
        assertThat(Files.readSymbolicLink(fd.resolve("1"))).isEqualTo(log);
        assertThat(Files.readSymbolicLink(fd.resolve("2"))).isEqualTo(log);
        // setsid(2) runs right after exec, so right after start() the child may still be in our session.
        await().untilAsserted(() -> assertThat(session(pid)).as("session id").isEqualTo(pid));
    }

    private static long session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }

    @Test
    void stopSendsTermAndCompletesWhenTheProcessExits() throws Exception {
        AppConfig app = TestApps.shell("web", 1, "trap 'echo got TERM; exit 0' TERM; echo ready; sleep 600 & wait", Duration.ofSeconds(60));
        supervisor.start(app, "v1");
        await().until(() -> supervisor.tailLog("web", "v1", 5).contains("ready"));

        supervisor.stop("web", "v1").get(10, TimeUnit.SECONDS);

        assertThat(supervisor.tailLog("web", "v1", 5)).contains("got TERM");
        assertThat(supervisor.status("web", "v1").state()).isEqualTo(VersionStatus.State.STOPPED);
        assertThat(supervisor.instances("web", "v1")).isEmpty();
        assertThat(store.all()).isEmpty();
        await().until(() -> events.stream().anyMatch(e -> e.kind() == STOPPED));
        assertThat(events).filteredOn(e -> e.kind() == EXITED).extracting(SupervisorEvent::exitCode).containsExactly(0);
    }

    @Test
    void stopKillsAProcessThatIgnoresTermAfterTheStopTimeout() throws Exception {
        supervisor.start(TestApps.shell("web", 1, "trap '' TERM; echo ready; exec sleep 600", Duration.ofMillis(300)), "v1");
        await().until(() -> supervisor.tailLog("web", "v1", 5).contains("ready"));

        supervisor.stop("web", "v1").get(10, TimeUnit.SECONDS);

        await().until(() -> events.stream().anyMatch(e -> e.kind() == STOPPED));
        assertThat(events).filteredOn(e -> e.kind() == EXITED).extracting(SupervisorEvent::exitCode)
                .as("128 + SIGKILL").containsExactly(137);
    }

    @Test
    void stopKillsTheWholeProcessTree() throws Exception {
        String script = "(trap '' TERM; echo ready; exec sleep 600) & sleep 600 & wait";
        long pid = supervisor.start(TestApps.shell("web", 1, script, Duration.ofMillis(300)), "v1").get(0).pid();
        await().until(() -> supervisor.tailLog("web", "v1", 5).contains("ready")
                && ProcessHandle.of(pid).orElseThrow().descendants().count() == 2);
        List<ProcessHandle> tree = ProcessTree.withDescendants(List.of(ProcessHandle.of(pid).orElseThrow()));

        supervisor.stop("web", "v1").get(10, TimeUnit.SECONDS);

        assertThat(tree).hasSize(3).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void noRestartWhileStopping() throws Exception {
        supervisor.start(TestApps.shell("web", 1, "trap 'sleep 1; exit 3' TERM; echo ready; sleep 600 & wait"), "v1");
        await().until(() -> supervisor.tailLog("web", "v1", 5).contains("ready"));
        CompletableFuture<Void> stopped = supervisor.stop("web", "v1");

        assertThat(supervisor.status("web", "v1").state()).isEqualTo(VersionStatus.State.STOPPING);
        assertThatThrownBy(() -> supervisor.start(TestApps.shell("web", 1, SLEEPER), "v1"))
                .isInstanceOf(SupervisorException.class).hasMessageContaining("web/v1 is being stopped");
        stopped.get(10, TimeUnit.SECONDS);
        await().until(() -> events.stream().anyMatch(e -> e.kind() == STOPPED));
        assertThat(events).filteredOn(e -> e.kind() == EXITED).extracting(SupervisorEvent::exitCode).containsExactly(3);
        assertThat(events).extracting(SupervisorEvent::kind).doesNotContain(RESTARTING);
        assertThat(events).filteredOn(e -> e.kind() == STARTED).hasSize(1);
    }

    @Test
    void crashingInstanceIsRestartedWithBackoffThenMarkedFailedOnCrashLoop() {
        supervisor.start(TestApps.shell("web", 1, "echo boom; exit 1"), "v1");

        await().until(() -> events.stream().anyMatch(e -> e.kind() == CRASH_LOOP));
        VersionStatus status = supervisor.status("web", "v1");
        assertThat(status.reason()).isEqualTo("crash loop: 5 exits in 30s, last exit code 1");
        assertThat(status.restarts()).isEqualTo(4);
        assertThat(events).filteredOn(e -> e.kind() == RESTARTING).extracting(SupervisorEvent::delay)
                .containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200));
        assertThat(events).filteredOn(e -> e.kind() == EXITED).extracting(SupervisorEvent::exitCode).containsOnly(1);
        await().during(Duration.ofMillis(500)).until(() -> events.stream().filter(e -> e.kind() == STARTED).count() == 5);
        assertThat(supervisor.instances("web", "v1").get(0).state()).isEqualTo(InstanceState.FAILED);
        assertThat(supervisor.tailLog("web", "v1", 100)).containsExactly("boom", "boom", "boom", "boom", "boom");
    }

    @Test
    void startAfterACrashLoopIsAFreshAttempt() {
        AppConfig app = TestApps.shell("web", 1, "exit 1");
        supervisor.start(app, "v1");
        await().until(() -> supervisor.status("web", "v1").state() == VersionStatus.State.FAILED);

        supervisor.start(app, "v1");

        await().until(() -> events.stream().filter(e -> e.kind() == CRASH_LOOP).count() == 2);
        assertThat(events).filteredOn(e -> e.kind() == STARTED).hasSize(10);
        assertThat(supervisor.status("web", "v1").state()).isEqualTo(VersionStatus.State.FAILED);
    }

    @Test
    void commandThatCannotStartIsNamedAndFailsTheVersion() {
        AppConfig app = TestApps.app("web", 1, List.of("/no/such"), Duration.ofSeconds(1), TestApps.FAST_RESTARTS);

        assertThatThrownBy(() -> supervisor.start(app, "v1"))
                .isInstanceOf(CannotStartException.class)
                .hasMessage("apps.web.command: cannot start \"/no/such\": No such file or directory");
        assertThat(supervisor.status("web", "v1"))
                .isEqualTo(new VersionStatus(VersionStatus.State.FAILED, "apps.web.command: cannot start \"/no/such\": No such file or directory", 0));
    }

    @Test
    void instanceThatDiesIsRestartedOnTheSamePort() {
        Instance before = supervisor.start(TestApps.shell("web", 1, SLEEPER), "v1").get(0);

        ProcessHandle.of(before.pid()).orElseThrow().destroyForcibly();

        await().until(() -> supervisor.instances("web", "v1").get(0).pid() != before.pid()
                && supervisor.instances("web", "v1").get(0).state() == InstanceState.RUNNING);
        Instance after = supervisor.instances("web", "v1").get(0);
        assertThat(after.port()).isEqualTo(before.port());
        assertThat(after.restarts()).isEqualTo(1);
        assertThat(after.lastExit()).isEqualTo("exit code 137");
        assertThat(store.all()).singleElement().extracting(InstanceRecord::pid).isEqualTo(after.pid());
    }

    @Test
    void rotatesTheLogOfAChattyInstanceWhileItKeepsWriting() throws IOException {
        supervisor.close();
        supervisor = supervisor(new LogRotation(4_000, 2, Duration.ofMillis(50)));
        supervisor.start(TestApps.shell("web", 1, "while :; do seq 1 300; sleep 0.05; done"), "v1");
        Path log = supervisor.logDir("web", "v1").resolve("instance-0.log");

        await().until(() -> Files.exists(LogFiles.numbered(log, 2)));
        await().until(() -> Files.size(LogFiles.numbered(log, 2)) > 4_000);

        assertThat(LogFiles.numbered(log, 3)).doesNotExist();
        // An O_APPEND writer continues at the new end after the truncate; any other writer keeps
        // its offset, and the rotated copies would start with a hole of NUL bytes.
        assertThat(Files.readAllBytes(LogFiles.numbered(log, 2))).doesNotContain((byte) 0);
        assertThat(Files.readAllBytes(LogFiles.numbered(log, 1))).doesNotContain((byte) 0);
        assertThat(Files.size(log)).isLessThan(Files.size(LogFiles.numbered(log, 1)) + Files.size(LogFiles.numbered(log, 2)));
    }

    @Test
    void stopOfAVersionThatDoesNotRunCompletesAtOnce() {
        assertThat(supervisor.stop("web", "nope")).isCompleted();
        assertThat(supervisor.status("web", "nope")).isEqualTo(VersionStatus.stopped());
    }

    @Test
    void crashLoopThresholdOfOneFailsOnTheFirstExit() {
        RestartPolicy policy = new RestartPolicy(Duration.ofMillis(10), Duration.ofMillis(10), 1, Duration.ofSeconds(5));
        supervisor.start(TestApps.app("web", 1, List.of("sh", "-c", "exit 2"), Duration.ofSeconds(1), policy), "v1");

        await().until(() -> supervisor.status("web", "v1").state() == VersionStatus.State.FAILED);
        assertThat(supervisor.status("web", "v1").reason()).isEqualTo("crash loop: 1 exits in 5s, last exit code 2");
    }
}
