package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
}
