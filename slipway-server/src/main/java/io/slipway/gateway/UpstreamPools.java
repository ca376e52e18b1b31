package io.slipway.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One gateway's upstream pools on one event loop. Client connections on this loop only use these
 * pools, so a proxied request never hops threads. A sweep once a second closes connections idle
 * longer than {@code maxIdle} and pools of upstreams no longer in the routing table.
 */
final class UpstreamPools {
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Map<Upstream, UpstreamPool> pools = new HashMap<>();
    private final Supplier<Set<Upstream>> inTable;
    private final long maxIdleNanos;
    private final ScheduledFuture<?> sweeper;

    UpstreamPools(GatewayRuntime rt, EventLoop loop, Duration connectTimeout, Duration maxIdle,
                  Supplier<Set<Upstream>> inTable) {
        this.loop = loop;
        this.inTable = inTable;
        this.maxIdleNanos = maxIdle.toNanos();
        this.bootstrap = new Bootstrap().group(loop).channel(rt.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 2048, 65536));
        this.sweeper = loop.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    UpstreamPool pool(Upstream upstream) {
        UpstreamPool p = pools.get(upstream);
        if (p == null) {
            p = new UpstreamPool(bootstrap, upstream);
            pools.put(upstream, p);
        }
        return p;
    }

    void sweep() {
        Set<Upstream> current = inTable.get();
        long now = System.nanoTime();
        for (Iterator<UpstreamPool> it = pools.values().iterator(); it.hasNext(); ) {
            UpstreamPool p = it.next();
            if (current.contains(p.upstream())) {
                p.closeIdle(now, maxIdleNanos);
            } else {
                p.close();
                it.remove();
            }
        }
    }

    int idleCount() {
        return pools.values().stream().mapToInt(UpstreamPool::idleCount).sum();
    }

    /** Closes every idle connection; runs on the loop. */
    void close() {
        sweeper.cancel(false);
        if (loop.inEventLoop()) {
            pools.values().forEach(UpstreamPool::close);
            pools.clear();
        } else if (!loop.isShuttingDown()) {
            loop.submit(this::close).awaitUninterruptibly();
        }
    }
}
