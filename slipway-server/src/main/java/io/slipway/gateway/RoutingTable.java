package io.slipway.gateway;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable routing table for one app: its slots and the generation it was published as.
 * The gateway swaps whole tables atomically, so a request sees either the old or the new one.
 */
public final class RoutingTable {
    private static final RoutingTable EMPTY = new RoutingTable(0, List.of());

    private final long generation;
    private final List<Slot> slots;

    private RoutingTable(long generation, List<Slot> slots) {
        this.generation = generation;
        this.slots = slots;
    }

    /** A table of these slots; slot names must be unique. */
    public static RoutingTable of(long generation, List<Slot> slots) {
        List<Slot> copy = List.copyOf(slots);
        Set<String> names = new HashSet<>();
        for (Slot s : copy) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("routing table " + generation + ": slot name " + s.name() + " appears twice");
            }
        }
        return new RoutingTable(generation, copy);
    }

    /** Generation 0, no slots: every request is answered 503. */
    public static RoutingTable empty() {
        return EMPTY;
    }

    public long generation() {
        return generation;
    }

    public List<Slot> slots() {
        return slots;
    }

    public Optional<Slot> slot(String name) {
        return slots.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return "RoutingTable{generation=" + generation + ", slots=" + slots + '}';
    }
}
