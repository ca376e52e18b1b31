package io.slipway.store;

import io.slipway.analysis.TestClock;
import io.slipway.flags.EventBatch;
import io.slipway.flags.EventBatch.Exposure;
import io.slipway.flags.EventBatch.ExperimentResult;
import io.slipway.flags.EventBatch.Metric;
import io.slipway.flags.EventBatch.Moments;
import io.slipway.flags.FlagTraffic;
import org.junit.jupiter.api.Test;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagEventRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:30Z");
    @RegisterExtension
    static final TestStores stores = new TestStores();
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(T0);

    private FlagEventRepository repo(Backend backend) throws SQLException {
        return new FlagEventRepository(stores.open(backend, dir, clock));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sumsTrafficPerSideAcrossBatchesAndMinutes(Backend backend) throws SQLException {
        FlagEventRepository repo = repo(backend);
        repo.record(batch(List.of(), List.of(latency(true, 100, 2000), error(true, 7), latency(false, 50, 500))));
        clock.advance(Duration.ofMinutes(1));
        repo.record(batch(List.of(), List.of(latency(true, 100, 3000), error(false, 1), latency(false, 50, 600))));
        Map<Boolean, FlagTraffic> t = repo.traffic("checkout", "production", T0);
        assertThat(t.get(true)).isEqualTo(new FlagTraffic(200, 7, 5000, 5000 * 15.0));
        assertThat(t.get(false)).extracting(FlagTraffic::requests, FlagTraffic::errors).containsExactly(100L, 1L);
        assertThat(repo.traffic("checkout", "production", T0.plus(Duration.ofMinutes(1))).get(true).requests()).isEqualTo(100);
        assertThat(repo.traffic("checkout", "staging", T0).get(true)).isEqualTo(FlagTraffic.NONE);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void countsEachUnitOnceForTheVariantItSawFirst(Backend backend) throws SQLException {
        FlagEventRepository repo = repo(backend);
        repo.record(batch(List.of(new Exposure("checkout", "control", false, 5, List.of("u1", "u2")),
                new Exposure("checkout", "green", true, 9, List.of("u3", "u4", "u5"))), List.of()));
        repo.record(batch(List.of(new Exposure("checkout", "green", true, 4, List.of("u1", "u6"))),
                List.of(new Metric("checkout", "green", true, "conversion", 2, 2, 2, List.of("u1", "u3")),
                        new Metric("checkout", "green", true, "conversion", 1, 1, 1, List.of("u3")))));
        Map<String, FlagEventRepository.VariantTotals> v = new java.util.HashMap<>();
        repo.variants("checkout", "production", "conversion", T0, false).forEach(t -> v.put(t.variant, t));
        assertThat(v.get("control").exposedUnits).isEqualTo(2);
        assertThat(v.get("green").exposedUnits).isEqualTo(4); // u3, u4, u5, u6: u1 stays with control
        assertThat(v.get("control").convertedUnits).isEqualTo(1); // u1
        assertThat(v.get("green").convertedUnits).isEqualTo(1); // u3, once
        assertThat(v.get("green").metric(FlagEventRepository.EXPOSURE).count()).isEqualTo(13);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sumsExperimentsAndPrunesOldMinutes(Backend backend) throws SQLException {
        FlagEventRepository repo = repo(backend);
        ExperimentResult r = new ExperimentResult("price", "hybrid.price-db", 100, 3, 0, 1, 10,
                new Moments(100, 50, 30), new Moments(100, 400, 2000));
        repo.record(new EventBatch("shop", "production", "h/1", T0, List.of(), List.of(), List.of(r, r)));
        assertThat(repo.experiments(T0)).singleElement().satisfies(x -> {
            assertThat(x.result().runs()).isEqualTo(200);
            assertThat(x.result().mismatches()).isEqualTo(6);
            assertThat(x.result().candidateMs().mean()).isEqualTo(4.0);
        });
        clock.advance(Duration.ofHours(2));
        assertThat(repo.prune(clock.instant().minus(Duration.ofHours(1)))).isEqualTo(1);
        assertThat(repo.experiments(T0)).isEmpty();
    }

    @Test
    void badEntriesAreRefusedNamingThem() {
        assertThatThrownBy(() -> new Metric("f", "v", true, "latency_ms", -1, 0, 0, List.of()))
                .hasMessageContaining("metric f/latency_ms count: -1");
        assertThatThrownBy(() -> new ExperimentResult("x", "f", 1, 2, 0, 0, 0, null, null))
                .hasMessageContaining("2 mismatches");
        assertThatThrownBy(() -> new EventBatch("a", " ", null, null, null, null, null)).hasMessageContaining("environment");
    }

    private static EventBatch batch(List<Exposure> exposures, List<Metric> metrics) {
        return new EventBatch("shop", "production", "host/1", T0, exposures, metrics, List.of());
    }

    private static Metric latency(boolean on, long n, double sum) {
        return new Metric("checkout", on ? "green" : "disabled", on, "latency_ms", n, sum, sum * 15, List.of());
    }

    private static Metric error(boolean on, long n) {
        return new Metric("checkout", on ? "green" : "disabled", on, "error", n, n, n, List.of());
    }
}
