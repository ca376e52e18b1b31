package io.slipway.gateway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A routing table resolved against current upstream health: for each slot, its routable targets.
 * Rebuilt (never mutated) on every publish and every routability change, so picking a target is
 * a random number or a hash, a short scan of precomputed cumulative weights and an array read,
 * without allocating. Whether any slot mirrors is decided here too, so a request pays one field
 * read for mirroring when none does.
 */
final class Route {
    private static final MirrorSlot[] NO_MIRRORS = {};

    final RoutingTable table;
    /** Slots with {@code mirror} &gt; 0, in table order; empty when none. */
    final MirrorSlot[] mirrors;
    /** Some slot mirrors: the only check a request makes when none does. */
    final boolean mirroring;
    private final String[] versions;
    private final Target[][] targets;
    /** Cumulative weights of the slots that can take traffic now (weight &gt; 0, a routable upstream). */
    private final int[] routableWeight;
    /** Cumulative weights as published, health aside: a sticky user's slot moves only when weights do. */
    private final int[] publishedWeight;
    private final AtomicInteger[] cursors;

    /** A slot receiving {@code percent} % of the requests routed to the others as copies. */
    record MirrorSlot(int slot, int percent, MirrorStats stats) {
    }

    private Route(RoutingTable table, Target[][] targets, int[] routableWeight, int[] publishedWeight,
                  MirrorSlot[] mirrors) {
        this.table = table;
        this.mirrors = mirrors;
        this.mirroring = mirrors.length > 0;
        this.versions = table.slots().stream().map(Slot::version).toArray(String[]::new);
        this.targets = targets;
        this.routableWeight = routableWeight;
        this.publishedWeight = publishedWeight;
        this.cursors = new AtomicInteger[targets.length];
        Arrays.setAll(cursors, i -> new AtomicInteger());
    }

    static Route resolve(RoutingTable table, Predicate<Upstream> routable, Function<String, VersionStats> stats) {
        return resolve(table, routable, u -> false, stats);
    }

    /**
     * Like {@link #resolve(RoutingTable, Predicate, Function)}, where passive ejection never takes a
     * whole slot out: when every upstream of a slot that {@code healthy} allows is {@code ejected},
     * the slot keeps them ("panic", as Envoy calls it). Ejection is for sparing a bad instance while
     * its peers take the load; with no peer left, an error from a struggling instance serves clients
     * better than a 503 from the gateway for the whole ejection time, and the version recovers the
     * moment the instance does.
     */
    static Route resolve(RoutingTable table, Predicate<Upstream> healthy, Predicate<Upstream> ejected,
                         Function<String, VersionStats> stats) {
        List<Slot> slots = table.slots();
        Target[][] targets = new Target[slots.size()][];
        int[] routableWeight = new int[slots.size()];
        int[] publishedWeight = new int[slots.size()];
        int routableSum = 0;
        int publishedSum = 0;
        List<MirrorSlot> mirrors = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            Slot slot = slots.get(i);
            int index = i;
            List<Upstream> usable = slot.upstreams().stream().filter(healthy).toList();
            List<Upstream> kept = usable.stream().filter(ejected.negate()).toList();
            targets[i] = (kept.isEmpty() ? usable : kept).stream()
                    .map(u -> new Target(u, stats.apply(slot.version()), index, slot.name())).toArray(Target[]::new);
            if (slot.mirror() > 0) {
                mirrors.add(new MirrorSlot(i, slot.mirror(), stats.apply(slot.version()).mirror()));
            }
            publishedSum += slot.weight();
            routableSum += targets[i].length > 0 ? slot.weight() : 0;
            publishedWeight[i] = publishedSum;
            routableWeight[i] = routableSum;
        }
        return new Route(table, targets, routableWeight, publishedWeight,
                mirrors.isEmpty() ? NO_MIRRORS : mirrors.toArray(MirrorSlot[]::new));
    }

    /** A weighted-random slot, then round-robin within it; null when nothing is routable. */
    Target pick() {
        int total = total(routableWeight);
        return total == 0 ? null : next(slotAt(routableWeight, ThreadLocalRandom.current().nextInt(total)));
    }

    /**
     * The slot whose share of the published weights holds {@code stickyKey}'s hash, so the key
     * stays there while weights stay the same; when weights change, only keys in the share that
     * moved change slots (a growing last slot keeps all its keys). Falls back to {@link #pick()}
     * without a key, or when that slot has no routable upstream.
     */
    Target pick(String stickyKey) {
        int total = total(publishedWeight);
        if (stickyKey == null || total == 0) {
            return pick();
        }
        int slot = slotAt(publishedWeight, bucket(Murmur3.hash32(stickyKey), total));
        return targets[slot].length > 0 ? next(slot) : pick();
    }

    /**
     * Round-robin over the routable upstreams of the slot running {@code version}, whatever its
     * weight (previews of a candidate at weight 0); null when no such slot has one.
     */
    Target pickVersion(String version) {
        for (int i = 0; i < versions.length; i++) {
            if (targets[i].length > 0 && versions[i].equals(version)) {
                return next(i);
            }
        }
        return null;
    }

    /**
     * Whether a request routed by weight to {@code primary} is also copied to mirror slot {@code m}:
     * never to its own slot, else with probability {@code m.percent()} %, independently per slot.
     */
    static boolean sampled(MirrorSlot m, Target primary) {
        return m.slot() != primary.slot
                && (m.percent() == 100 || ThreadLocalRandom.current().nextInt(100) < m.percent());
    }

    /** Round-robin over the routable upstreams of mirror slot {@code m}; null when it has none. */
    Target pickMirror(MirrorSlot m) {
        return targets[m.slot()].length > 0 ? next(m.slot()) : null;
    }

    /** Maps a 32-bit hash onto [0, total) by its fraction of 2^32 (not modulo: no bias, order kept). */
    static int bucket(int hash, int total) {
        return (int) (((hash & 0xffffffffL) * total) >>> 32);
    }

    private static int total(int[] cumulative) {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    private static int slotAt(int[] cumulative, int position) {
        int slot = 0;
        while (position >= cumulative[slot]) {
            slot++;
        }
        return slot;
    }

    private Target next(int slot) {
        Target[] ts = targets[slot];
        return ts.length == 1 ? ts[0] : ts[Math.floorMod(cursors[slot].getAndIncrement(), ts.length)];
    }
}
