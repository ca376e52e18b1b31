package io.slipway.gateway;

/** Where one request goes: an upstream and the stats of the version it runs. */
final class Target {
    final Upstream upstream;
    final VersionStats stats;

    Target(Upstream upstream, VersionStats stats) {
        this.upstream = upstream;
        this.stats = stats;
    }
}
