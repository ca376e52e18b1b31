package io.slipway.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A routing table resolved against current upstream health: for each weighted slot, its routable
 * targets. Rebuilt (never mutated) on every publish and every routability change, so picking a
 * target is a random number, a short scan and an array read.
 */
final class Route {
    final RoutingTable table;
    private final Target[][] targets;
    private final int[] cumulativeWeight;
    private final AtomicInteger[] cursors;

    private Route(RoutingTable table, List<Target[]> targets, int[] cumulativeWeight) {
        this.table = table;
        this.targets = targets.toArray(new Target[0][]);
        this.cumulativeWeight = cumulativeWeight;
        this.cursors = new AtomicInteger[this.targets.length];
        for (int i = 0; i < cursors.length; i++) {
            cursors[i] = new AtomicInteger();
        }
    }

    static Route resolve(RoutingTable table, Predicate<Upstream> routable, Function<String, VersionStats> stats) {
        List<Target[]> targets = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (Slot slot : table.slots()) {
            Target[] healthy = slot.upstreams().stream().filter(routable)
                    .map(u -> new Target(u, stats.apply(slot.version()))).toArray(Target[]::new);
            if (slot.weight() > 0 && healthy.length > 0) {
                targets.add(healthy);
                weights.add(slot.weight());
            }
        }
        int[] cumulative = new int[weights.size()];
        int sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += weights.get(i);
            cumulative[i] = sum;
        }
        return new Route(table, targets, cumulative);
    }

    /** A weighted-random slot, then round-robin within it; null when nothing is routable. */
    Target pick() {
        int slots = targets.length;
        if (slots == 0) {
            return null;
        }
        int slot = 0;
        if (slots > 1) {
            int r = ThreadLocalRandom.current().nextInt(cumulativeWeight[slots - 1]);
            while (r >= cumulativeWeight[slot]) {
                slot++;
            }
        }
        Target[] ts = targets[slot];
        return ts.length == 1 ? ts[0] : ts[Math.floorMod(cursors[slot].getAndIncrement(), ts.length)];
    }
}
