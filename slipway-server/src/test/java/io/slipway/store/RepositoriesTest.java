package io.slipway.store;

import io.slipway.analysis.Phase;
import io.slipway.analysis.TestClock;
import io.slipway.deploy.AnalysisRecord;
import io.slipway.deploy.Deployment;
import io.slipway.flags.Actor;
import io.slipway.flags.Constraint;
import io.slipway.flags.Flag;
import io.slipway.flags.FlagChange;
import io.slipway.flags.Flags;
import io.slipway.flags.Operator;
import io.slipway.flags.Segment;
import io.slipway.supervisor.InstanceRecord;
import io.slipway.supervisor.InstanceState;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every repository's statements, on SQLite and on PostgreSQL. */
class RepositoriesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    @RegisterExtension
    static final TestStores stores = new TestStores();
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(T0);

    private Store open(Backend backend) throws SQLException {
        return stores.open(backend, dir, clock);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void appsKeepTheirVersionsAndEachVersionItsLatestState(Backend backend) throws SQLException {
        AppRepository apps = new AppRepository(open(backend));
        apps.save("web", "v1", null);
        apps.save("web", "v2", "v1");
        apps.versionState("web", "v1", "STABLE");
        clock.advance(Duration.ofMinutes(1));
        apps.versionState("web", "v2", "CANDIDATE");
        apps.versionState("web", "v1", "PREVIOUS");

        assertThat(apps.find("web")).get().extracting(AppRepository.AppState::stableVersion,
                AppRepository.AppState::previousVersion).containsExactly("v2", "v1");
        assertThat(apps.all()).hasSize(1);
        assertThat(apps.versions("web")).extracting(AppRepository.VersionState::version,
                AppRepository.VersionState::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("v2", "CANDIDATE"), org.assertj.core.groups.Tuple.tuple("v1", "PREVIOUS"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void runtimeFactsAndInstancesAreReplacedInPlace(Backend backend) throws SQLException {
        Store s = open(backend);
        RuntimeRepository runtime = new RuntimeRepository(s);
        runtime.put("gateway.control", "127.0.0.1:1");
        runtime.put("gateway.control", "127.0.0.1:2");
        assertThat(runtime.get("gateway.control")).contains("127.0.0.1:2");

        InstanceRepository instances = new InstanceRepository(s);
        InstanceRecord r = new InstanceRecord("web/v1/0", "web", "v1", 0, 8001, 4_000_000L, T0, InstanceState.STARTING, 0,
                null);
        instances.save(r);
        instances.save(new InstanceRecord(r.id(), "web", "v1", 0, 8002, 4_000_001L, T0, InstanceState.RUNNING, 1, "exit 1"));
        assertThat(instances.all()).singleElement().satisfies(i -> {
            assertThat(i.port()).isEqualTo(8002);
            assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(i.processStart()).isEqualTo(T0);
        });
        instances.delete(r.id());
        assertThat(instances.all()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void backupsRecordTheirOutcomeAndVerifications(Backend backend) throws SQLException {
        BackupRepository backups = new BackupRepository(open(backend));
        backups.started("web-1", "web", "manual", T0, "alice", "before the upgrade");
        long fiveGigabytes = 5L << 30;
        backups.finished("web-1", "/b/web-1.tar", fiveGigabytes, "{}", T0.plusSeconds(3));
        backups.verified("web-1", T0.plusSeconds(4), true, "rows match", "{}");
        backups.verified("web-1", T0.plusSeconds(5), false, "checksum differs", "{}");
        backups.started("web-2", "web", "scheduled", T0.plusSeconds(60), "slipway", null);
        backups.failed("web-2", "disk full", T0.plusSeconds(61));

        assertThat(backups.find("web-1")).get().satisfies(b -> {
            assertThat(b.status()).isEqualTo("DONE");
            assertThat(b.storedBytes()).isEqualTo(fiveGigabytes);
        });
        assertThat(backups.list("web", 10)).extracting(BackupRepository.StoredBackup::id).containsExactly("web-2", "web-1");
        assertThat(backups.verifications("web-1")).extracting(BackupRepository.Verification::ok).containsExactly(false, true);
        backups.pruned("web-1");
        assertThat(backups.find("web-1")).get().extracting(BackupRepository.StoredBackup::status).isEqualTo("PRUNED");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deploymentsKeepAnalysesPausesAndCounts(Backend backend) throws SQLException {
        DeploymentRepository deployments = new DeploymentRepository(open(backend));
        Deployment d = deployments.create("web", "v2", "v1", Deployment.Strategy.BLUE_GREEN, "alice", List.of("analysis"));
        deployments.analysis(d.id(), new AnalysisRecord(0, "analysis default", T0, Phase.INCONCLUSIVE, "too few", List.of()));
        deployments.pause(d.id(), "inconclusive");

        Deployment read = deployments.find(d.id()).orElseThrow();
        assertThat(read.paused()).isEqualTo("inconclusive");
        assertThat(read.analyses()).extracting(AnalysisRecord::phase).containsExactly(Phase.INCONCLUSIVE);
        assertThat(deployments.countsByState()).isEqualTo(Map.of("web", Map.of("RUNNING", 1L)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void flagChangesAreAuditedAndVersioned(Backend backend) throws SQLException {
        Flags flags = new Flags(new FlagRepository(open(backend)), List.of("production"), clock);
        Actor alice = Actor.of("alice");
        flags.create(Flag.of("checkout", "payments"), alice);
        flags.enable("checkout", "production", alice);
        flags.putSegment(new Segment("admins", null, List.of(Constraint.of("role", Operator.IN, "admin"))), alice);
        flags.create(Flag.of("search", "search"), alice);
        flags.disableAll("payments", alice);

        assertThat(flags.history("checkout", 10)).extracting(FlagChange::action).containsExactly(
                FlagChange.Action.DISABLE_ALL, FlagChange.Action.ENABLE, FlagChange.Action.CREATE);
        assertThat(flags.list()).extracting(Flag::key).containsExactly("checkout", "search");
        assertThat(flags.segments()).extracting(Segment::name).containsExactly("admins");
        assertThat(flags.version()).isEqualTo(5);
        flags.delete("search", null, alice);
        assertThat(flags.find("search")).isEmpty();
    }
}
