package io.slipway.gateway;

/** Where one request goes: an upstream and the stats of the version it runs. */
final class Target {
    final Upstream upstream;
    final VersionStats stats;
    /** Index of its slot in the routing table (a request is never mirrored to its own slot). */
    final int slot;
    /** Its slot's name ("stable", "canary", "blue" …), for the access log. */
    final String slotName;

    Target(Upstream upstream, VersionStats stats, int slot, String slotName) {
        this.upstream = upstream;
        this.stats = stats;
        this.slot = slot;
        this.slotName = slotName;
    }
}
