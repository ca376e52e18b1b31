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
 * @param mirror    percentage (0-100) of the requests routed to other slots that are also copied here
 */
public record Slot(String name, String version, List<Upstream> upstreams, int weight, int mirror) {
    /** A slot nothing is mirrored to. */
    public Slot(String name, String version, List<Upstream> upstreams, int weight) {
        this(name, version, upstreams, weight, 0);
    }

    public Slot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        upstreams = List.copyOf(upstreams);
        if (weight < 0) {
            throw new IllegalArgumentException("slot " + name + ": weight " + weight + " is negative");
        }
        if (mirror < 0 || mirror > 100) {
            throw new IllegalArgumentException("slot " + name + ": mirror " + mirror + " is not a percentage (0-100)");
        }
    }
}
