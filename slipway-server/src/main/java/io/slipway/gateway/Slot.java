package io.slipway.gateway;

import java.util.List;
import java.util.Objects;

/**
 * A named place in the routing table ("stable", "candidate") holding one version's instances.
 * A slot with weight 0 receives no traffic but stays known (kept warm for an instant rollback).
 *
 * @param name      slot name, unique within a table
 * @param version   the version its instances run
 * @param upstreams the instances, round-robin within the slot
 * @param weight    relative share of new requests, {@code >= 0}
 */
public record Slot(String name, String version, List<Upstream> upstreams, int weight) {
    public Slot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        upstreams = List.copyOf(upstreams);
        if (weight < 0) {
            throw new IllegalArgumentException("slot " + name + ": weight " + weight + " is negative");
        }
    }
}
