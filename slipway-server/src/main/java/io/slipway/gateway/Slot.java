package io.slipway.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A named place in the routing table ("stable", "candidate") holding one version's instances.
 * A slot with weight 0 receives no traffic but stays known (kept warm for an instant rollback).
 *
 * <p>A slot with {@code mirror} &gt; 0 also receives copies (shadow traffic) of that share of the
 * requests routed by weight to the other slots; their answers are compared with the primary's and
 * discarded (see {@link Gateway}). A "shadow" step runs a candidate at weight 0, mirror 100.
 *
 * @param name      slot name, unique within a table
 * @param version   the version its instances run
 * @param upstreams the instances, round-robin within the slot
 * @param weight    relative share of new requests, {@code >= 0}
 * @param mirror    percentage (0..100) of the requests routed by weight to other slots that are
 *                  copied to this one; left out of the JSON when 0, so a table without mirrors
 *                  reads the same in a gateway that predates mirroring (during an upgrade)
 */
public record Slot(String name, String version, List<Upstream> upstreams, int weight,
                   @JsonInclude(JsonInclude.Include.NON_DEFAULT) int mirror) {
    public Slot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        upstreams = List.copyOf(upstreams);
        if (weight < 0) {
            throw new IllegalArgumentException("slot " + name + ": weight " + weight + " is negative");
        }
        if (mirror < 0 || mirror > 100) {
            throw new IllegalArgumentException("slot " + name + ": mirror " + mirror + " is not a percentage (0..100)");
        }
    }

    /** A slot that receives no mirrored copies. */
    public Slot(String name, String version, List<Upstream> upstreams, int weight) {
        this(name, version, upstreams, weight, 0);
    }
}
