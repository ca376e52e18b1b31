package io.slipway.gateway;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.slipway.config.GatewayConfig;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Shadow traffic of one gateway: decides which requests are copied to which mirror slots, and
 * bounds the copies in flight.
 *
 * <p>A request routed by weight (never a preview) is copied to each slot with {@code mirror} &gt; 0
 * other than its own with that probability, each slot deciding independently. A copy is made only
 * of a method in {@code gateway.mirrorMethods} (by default the safe ones: a copied POST could
 * write twice to a database both versions share), of a request that is not an upgrade, whose body
 * has a known length of at most {@link #MAX_BODY_BYTES} (the copy is buffered), while fewer than
 * {@link #MAX_IN_FLIGHT} copies are in flight, and when the slot has a routable upstream; a
 * request chosen but not copied counts as skipped for the slot's version.
 */
final class Mirroring {
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Beyond this many copies in flight per gateway, new ones are skipped: a stuck mirror costs bounded memory. */
    static final int MAX_IN_FLIGHT = 512;

    private final String app;
    private final Set<HttpMethod> methods;
    private final long timeoutNanos;
    private final Affinity affinity;
    private final AtomicInteger inFlight = new AtomicInteger();

    Mirroring(String app, GatewayConfig cfg, Affinity affinity) {
        this.app = app;
        this.methods = cfg.mirrorMethods().stream().map(HttpMethod::valueOf).collect(Collectors.toUnmodifiableSet());
        this.timeoutNanos = cfg.upstreamTimeout().toNanos();
        this.affinity = affinity;
    }

    /**
     * The copies of the exchange's request, which {@code route} sent to {@code primary}, or null
     * when no mirror slot takes one (then nothing was allocated).
     */
    Shadow copies(Route route, Target primary, Exchange ex, UpstreamPools pools, Channel client) {
        HttpRequest r = ex.request;
        if (affinity.preview(r.headers()) != null) {
            return null;
        }
        Shadow shadow = null;
        for (Route.MirrorSlot m : route.mirrors) {
            if (!Route.sampled(m, primary)) {
                continue;
            }
            Target to = copyable(r, ex.upgrade) ? route.pickMirror(m) : null;
            if (to == null || !acquire()) {
                m.stats().skipped();
                continue;
            }
            if (shadow == null) {
                shadow = new Shadow(ex.upstreamRequest, client.alloc());
            }
            shadow.add(new Mirror(this, to, m.stats(), pools.pool(to.upstream), client.eventLoop(), ex.requestId));
        }
        return shadow;
    }

    private boolean copyable(HttpRequest r, String upgrade) {
        return upgrade == null && methods.contains(r.method()) && !HttpUtil.isTransferEncodingChunked(r)
                && HttpUtil.getContentLength(r, 0L) <= MAX_BODY_BYTES;
    }

    private boolean acquire() {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    /** A copy acquired by {@link #copies} is over (sent and ended, or dropped). */
    void release() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    String app() {
        return app;
    }
}
