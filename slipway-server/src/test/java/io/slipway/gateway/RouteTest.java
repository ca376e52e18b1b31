package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RouteTest {
    private static final Upstream A = new Upstream("127.0.0.1", 9001);
    private static final Upstream B = new Upstream("127.0.0.1", 9002);
    private static final Upstream C = new Upstream("127.0.0.1", 9003);
    private final Map<String, VersionStats> stats = new HashMap<>();

    private Route resolve(List<Upstream> down, Slot... slots) {
        return Route.resolve(RoutingTable.of(1, List.of(slots)), u -> !down.contains(u),
                v -> stats.computeIfAbsent(v, VersionStats::new));
    }

    @Test
    void picksSlotsInProportionToTheirWeights() {
        Route r = resolve(List.of(), new Slot("stable", "v1", List.of(A), 3), new Slot("candidate", "v2", List.of(B), 1));

        int candidate = 0;
        for (int i = 0; i < 40_000; i++) {
            candidate += r.pick().upstream.equals(B) ? 1 : 0;
        }

        assertThat(candidate).isBetween(9_000, 11_000);
    }

    @Test
    void skipsUnroutableUpstreamsAndSlotsWithoutAny() {
        Route r = resolve(List.of(A, C), new Slot("stable", "v1", List.of(A, B), 1), new Slot("candidate", "v2", List.of(C), 9));

        for (int i = 0; i < 100; i++) {
            assertThat(r.pick().upstream).isEqualTo(B);
        }
    }

    @Test
    void roundRobinsWithinASlotAndNamesTheVersion() {
        Route r = resolve(List.of(), new Slot("stable", "v1", List.of(A, B, C), 5));

        List<Upstream> picked = List.of(r.pick().upstream, r.pick().upstream, r.pick().upstream, r.pick().upstream);

        assertThat(picked).containsExactly(A, B, C, A);
        assertThat(r.pick().stats.version()).isEqualTo("v1");
    }

    @Test
    void picksNothingWhenNoWeightedSlotIsRoutable() {
        assertThat(resolve(List.of(), new Slot("stable", "v1", List.of(A), 0)).pick()).isNull();
        assertThat(resolve(List.of(A), new Slot("stable", "v1", List.of(A), 5)).pick()).isNull();
        assertThat(resolve(List.of()).pick()).isNull();
    }

    @Test
    void aStickyKeyAlwaysGetsTheSameSlot() {
        Route r = resolve(List.of(), new Slot("stable", "v1", List.of(A), 50), new Slot("candidate", "v2", List.of(B), 50));

        for (String key : List.of("user-1", "user-2", "user-3", "10.0.0.7")) {
            Upstream first = r.pick(key).upstream;
            assertThat(IntStream.range(0, 50).mapToObj(i -> r.pick(key).upstream)).containsOnly(first);
        }
    }

    @Test
    void stickyKeysSplitLikeTheWeights() {
        Route r = resolve(List.of(), new Slot("stable", "v1", List.of(A), 90), new Slot("candidate", "v2", List.of(B), 10));

        long candidate = IntStream.range(0, 10_000).mapToObj(i -> UUID.randomUUID().toString())
                .filter(key -> r.pick(key).upstream.equals(B)).count();

        assertThat(candidate).isBetween(700L, 1_300L);
    }

    @Test
    void sequentialKeysSplitLikeTheWeightsToo() {
        Route r = resolve(List.of(), new Slot("stable", "v1", List.of(A), 90), new Slot("candidate", "v2", List.of(B), 10));

        long candidate = IntStream.range(0, 10_000).filter(i -> r.pick("user-" + i).upstream.equals(B)).count();

        assertThat(candidate).isBetween(700L, 1_300L);
    }

    @Test
    void keysOnTheCandidateStayThereAsItsWeightGrows() {
        List<String> keys = IntStream.range(0, 5_000).mapToObj(i -> "user-" + i).toList();
        List<String> at5 = onCandidate(keys, 5);
        List<String> at25 = onCandidate(keys, 25);
        List<String> at100 = onCandidate(keys, 100);

        assertThat(at5).hasSizeBetween(150, 350);
        assertThat(at25).containsAll(at5).hasSizeBetween(1_100, 1_400);
        assertThat(at100).containsAll(at25).hasSize(keys.size());
    }

    private List<String> onCandidate(List<String> keys, int candidateWeight) {
        Route r = resolve(List.of(), new Slot("stable", "v1", List.of(A), 100 - candidateWeight),
                new Slot("candidate", "v2", List.of(B), candidateWeight));
        return keys.stream().filter(k -> r.pick(k).upstream.equals(B)).toList();
    }

    @Test
    void bucketsMapTheHashRangeInOrderOntoTheTotal() {
        assertThat(Route.bucket(0, 100)).isZero();
        assertThat(Route.bucket(0x80000000, 100)).isEqualTo(50);
        assertThat(Route.bucket(0xffffffff, 100)).isEqualTo(99);
        assertThat(Route.bucket(0xffffffff, 1)).isZero();
    }

    @Test
    void aStickyKeyWhoseSlotHasNothingRoutableGoesToTheOthers() {
        Route healthy = resolve(List.of(), new Slot("stable", "v1", List.of(A), 50), new Slot("candidate", "v2", List.of(B), 50));
        String onCandidate = IntStream.range(0, 100).mapToObj(i -> "user-" + i)
                .filter(k -> healthy.pick(k).upstream.equals(B)).findFirst().orElseThrow();
        Route candidateDown = resolve(List.of(B),
                new Slot("stable", "v1", List.of(A), 50), new Slot("candidate", "v2", List.of(B), 50));

        assertThat(candidateDown.pick(onCandidate).upstream).isEqualTo(A);
    }

    @Test
    void roundRobinsWithinTheStickySlot() {
        Route r = resolve(List.of(), new Slot("stable", "v1", List.of(A, C), 100), new Slot("candidate", "v2", List.of(B), 0));

        assertThat(List.of(r.pick("user-1").upstream, r.pick("user-1").upstream, r.pick("user-1").upstream))
                .containsExactly(A, C, A);
    }

    @Test
    void withoutAKeyStickyPickingIsWeightedRandom() {
        Route r = resolve(List.of(), new Slot("stable", "v1", List.of(A), 3), new Slot("candidate", "v2", List.of(B), 1));

        long candidate = IntStream.range(0, 40_000).filter(i -> r.pick(null).upstream.equals(B)).count();

        assertThat(candidate).isBetween(9_000L, 11_000L);
    }

    @Test
    void picksAVersionEvenAtWeightZeroButOnlyWhenRoutable() {
        Route r = resolve(List.of(C), new Slot("stable", "v1", List.of(A), 100), new Slot("candidate", "v2", List.of(B), 0),
                new Slot("broken", "v3", List.of(C), 0));

        assertThat(r.pickVersion("v2").upstream).isEqualTo(B);
        assertThat(r.pickVersion("v2").stats.version()).isEqualTo("v2");
        assertThat(r.pickVersion("v3")).isNull();
        assertThat(r.pickVersion("v9")).isNull();
    }

    @Test
    void decidesOnceWhetherAnySlotMirrors() {
        Route plain = resolve(List.of(), new Slot("stable", "v1", List.of(A), 100), new Slot("candidate", "v2", List.of(B), 0));
        Route shadow = resolve(List.of(), new Slot("stable", "v1", List.of(A), 100),
                new Slot("candidate", "v2", List.of(B), 0, 30));

        assertThat(plain.mirroring).isFalse();
        assertThat(plain.mirrors).isEmpty();
        assertThat(shadow.mirroring).isTrue();
        assertThat(shadow.mirrors).singleElement().satisfies(m -> {
            assertThat(m.slot()).isEqualTo(1);
            assertThat(m.percent()).isEqualTo(30);
            assertThat(m.stats()).isSameAs(stats.get("v2").mirror());
        });
    }

    @Test
    void copiesTheMirrorShareOfRequestsRoutedToOtherSlotsOnly() {
        Route r = resolve(List.of(), new Slot("stable", "v1", List.of(A), 50), new Slot("candidate", "v2", List.of(B), 50, 20));
        Route.MirrorSlot m = r.mirrors[0];
        Target toStable = r.pickVersion("v1");
        Target toCandidate = r.pickVersion("v2");

        long sampled = IntStream.range(0, 40_000).filter(i -> Route.sampled(m, toStable)).count();

        assertThat(sampled).isBetween(7_000L, 9_000L);
        assertThat(IntStream.range(0, 1_000).noneMatch(i -> Route.sampled(m, toCandidate))).isTrue();
        assertThat(r.pickMirror(m).upstream).isEqualTo(B);
    }

    @Test
    void aMirrorSlotWithoutARoutableUpstreamHasNoTarget() {
        Route r = resolve(List.of(B), new Slot("stable", "v1", List.of(A), 100), new Slot("candidate", "v2", List.of(B), 0, 100));

        assertThat(Route.sampled(r.mirrors[0], r.pick())).isTrue();
        assertThat(r.pickMirror(r.mirrors[0])).isNull();
    }
}
