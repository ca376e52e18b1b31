package io.slipway.supervisor;

import io.slipway.config.AppConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A restarted Slipway (supervisor B on A's data dir and store) takes over A's children. */
class AdoptionTest {
    private static final String SLEEPER = "echo started; exec sleep 600";
    private static final AppConfig WEB = TestApps.shell("web", 2, SLEEPER);

    @TempDir
    Path dataDir;
    private final MemoryInstanceStore store = new MemoryInstanceStore();
    private final List<Supervisor> supervisors = new ArrayList<>();
    private final List<Process> strays = new ArrayList<>();

    private Supervisor supervisor() {
        Supervisor supervisor = new Supervisor(dataDir, store, Clock.systemUTC());
        supervisors.add(supervisor);
        return supervisor;
    }

    @AfterEach
    void stopEverything() throws Exception {
        // Newest first: a closed supervisor still knows the processes its successor adopted.
        for (int i = supervisors.size() - 1; i >= 0; i--) {
            supervisors.get(i).stopAll().get(30, TimeUnit.SECONDS);
            supervisors.get(i).close();
        }
        strays.forEach(Process::destroyForcibly);
        await().until(() -> strays.stream().noneMatch(Process::isAlive));
        assertThat(MarkedProcess.scan(dataDir.toAbsolutePath())).as("processes left behind").isEmpty();
    }

    @Test
    void closeLeavesChildrenRunningAndTheNextSupervisorAdoptsThem() {
        Supervisor a = supervisor();
        List<Instance> before = a.start(WEB, "v1");
        a.close();
        assertThat(before).allMatch(i -> ProcessHandle.of(i.pid()).isPresent());

        Supervisor b = supervisor();
        b.adopt(List.of(WEB));

        assertThat(b.instances("web", "v1")).extracting(Instance::pid).containsExactlyElementsOf(before.stream().map(Instance::pid).toList());
        assertThat(b.instances("web", "v1")).extracting(Instance::port).containsExactlyElementsOf(before.stream().map(Instance::port).toList());
        assertThat(b.status("web", "v1").state()).isEqualTo(VersionStatus.State.RUNNING);
        assertThat(MarkedProcess.scan(dataDir.toAbsolutePath())).as("no second copy").hasSize(2);
        assertThat(b.start(WEB, "v1")).extracting(Instance::pid).containsExactlyElementsOf(before.stream().map(Instance::pid).toList());
    }

    @Test
    void adoptedInstanceThatDiesIsRestarted() {
        Supervisor a = supervisor();
        Instance first = a.start(WEB, "v1").get(0);
        a.close();
        Supervisor b = supervisor();
        b.adopt(List.of(WEB));

        ProcessHandle.of(first.pid()).orElseThrow().destroy();

        await().until(() -> b.instances("web", "v1").get(0).pid() != first.pid()
                && b.instances("web", "v1").get(0).state() == InstanceState.RUNNING);
        Instance restarted = b.instances("web", "v1").get(0);
        assertThat(restarted.restarts()).isEqualTo(1);
        assertThat(restarted.port()).isEqualTo(first.port());
        assertThat(restarted.lastExit()).isEqualTo("exit code unknown");
        assertThat(MarkedProcess.scan(dataDir.toAbsolutePath())).hasSize(2);
    }

    @Test
    void instanceThatDiedWhileNobodyWatchedIsRestarted() {
        Supervisor a = supervisor();
        Instance first = a.start(TestApps.shell("web", 1, SLEEPER), "v1").get(0);
        a.close();
        ProcessHandle.of(first.pid()).orElseThrow().destroy();
        await().until(() -> ProcessHandle.of(first.pid()).isEmpty());

        Supervisor b = supervisor();
        b.adopt(List.of(TestApps.shell("web", 1, SLEEPER)));

        await().until(() -> b.status("web", "v1").state() == VersionStatus.State.RUNNING);
        assertThat(b.instances("web", "v1")).singleElement().satisfies(i -> {
            assertThat(i.pid()).isNotEqualTo(first.pid());
            assertThat(i.lastExit()).startsWith("gone while unsupervised: pid " + first.pid() + " is gone");
        });
    }

    @Test
    void reusedPidIsNotAdopted() throws IOException {
        Process foreign = stray(Map.of());
        ProcessHandle handle = foreign.toHandle();
        store.save(new InstanceRecord("web/v1/0", "web", "v1", 0, 45678, handle.pid(),
                handle.info().startInstant().orElseThrow().minusSeconds(3600), InstanceState.RUNNING, 0, null));

        Supervisor b = supervisor();
        b.adopt(List.of(TestApps.shell("web", 1, SLEEPER)));

        await().until(() -> b.status("web", "v1").state() == VersionStatus.State.RUNNING);
        Instance instance = b.instances("web", "v1").get(0);
        assertThat(instance.pid()).isNotEqualTo(handle.pid());
        assertThat(instance.port()).isEqualTo(45678);
        assertThat(instance.lastExit()).contains("pid " + handle.pid() + " now belongs to another process");
        assertThat(foreign.isAlive()).as("the process that reused the pid is left alone").isTrue();
    }

    @Test
    void markedProcessWithoutRecordIsKilled() throws IOException {
        Process orphan = stray(markers(dataDir, "web/v1/0"));

        supervisor().adopt(List.of(WEB));

        await().atMost(Duration.ofSeconds(15)).until(() -> !orphan.isAlive());
        assertThat(store.all()).isEmpty();
    }

    @Test
    void markedProcessOfAnotherDataDirIsLeftAlone() throws IOException {
        Process other = stray(markers(dataDir.resolve("other-slipway"), "web/v1/0"));

        supervisor().adopt(List.of(WEB));

        await().during(Duration.ofMillis(500)).until(other::isAlive);
    }

    @Test
    void processSpawnedButNeverRecordedIsAdoptedWhenItsRecordSaysStarting() throws IOException {
        Process spawned = stray(markers(dataDir, "web/v1/0"));
        store.save(InstanceRecord.fresh("web", "v1", 0, 45679));

        Supervisor b = supervisor();
        b.adopt(List.of(TestApps.shell("web", 1, SLEEPER)));

        assertThat(b.instances("web", "v1")).singleElement().satisfies(i -> {
            assertThat(i.pid()).isEqualTo(spawned.pid());
            assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
        });
        assertThat(store.all()).singleElement().extracting(InstanceRecord::pid).isEqualTo(spawned.pid());
        await().during(Duration.ofMillis(300)).until(spawned::isAlive);
    }

    @Test
    void instanceOfAnAppNoLongerConfiguredIsStoppedAndForgotten() {
        Supervisor a = supervisor();
        Instance old = a.start(TestApps.shell("legacy", 1, SLEEPER), "v1").get(0);
        a.close();

        supervisor().adopt(List.of(WEB));

        await().until(() -> ProcessHandle.of(old.pid()).isEmpty());
        assertThat(store.all()).isEmpty();
    }

    @Test
    void versionBeingStoppedWhenSlipwayDiedIsStoppedNotAdopted() {
        Supervisor a = supervisor();
        Instance old = a.start(TestApps.shell("web", 1, SLEEPER), "v1").get(0);
        a.close();
        InstanceRecord record = store.all().get(0);
        store.save(record.in(InstanceState.STOPPING, null));

        Supervisor b = supervisor();
        b.adopt(List.of(WEB));

        assertThat(b.instances("web", "v1")).isEmpty();
        await().until(() -> ProcessHandle.of(old.pid()).isEmpty());
        assertThat(store.all()).isEmpty();
    }

    @Test
    void failedVersionStaysFailedAndIsNotRestarted() {
        String reason = "crash loop: 5 exits in 30s, last exit code 1";
        store.save(InstanceRecord.fresh("web", "v1", 0, 45680).in(InstanceState.FAILED, reason));

        Supervisor b = supervisor();
        b.adopt(List.of(TestApps.shell("web", 1, SLEEPER)));

        assertThat(b.status("web", "v1")).isEqualTo(new VersionStatus(VersionStatus.State.FAILED, reason, 0));
        await().during(Duration.ofMillis(300)).until(() -> MarkedProcess.scan(dataDir.toAbsolutePath()).isEmpty());
    }

    private Process stray(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sleep", "600").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        strays.add(process);
        return process;
    }

    private static Map<String, String> markers(Path dataDir, String instance) {
        return Map.of("SLIPWAY_DATA_DIR", dataDir.toAbsolutePath().toString(), "SLIPWAY_INSTANCE", instance);
    }
}
