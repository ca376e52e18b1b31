package io.slipway.gateway;

import io.netty.channel.EventLoopGroup;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passive ejection of a gateway's upstreams ({@link Ejection} per upstream): calls
 * {@code onChange} when one is ejected and again when its time is up, so routing is re-resolved.
 */
final class Ejections {
    private static final Logger log = LoggerFactory.getLogger(Ejections.class);

    private final String app;
    private final int ejectAfter;
    private final long ejectForNanos;
    private final EventLoopGroup scheduler;
    private final Runnable onChange;
    private final Map<Upstream, Ejection> byUpstream = new ConcurrentHashMap<>();

    Ejections(String app, int ejectAfter, long ejectForNanos, EventLoopGroup scheduler, Runnable onChange) {
        this.app = app;
        this.ejectAfter = ejectAfter;
        this.ejectForNanos = ejectForNanos;
        this.scheduler = scheduler;
        this.onChange = onChange;
    }

    void failure(Upstream u) {
        Ejection e = byUpstream.computeIfAbsent(u, k -> new Ejection(ejectAfter, ejectForNanos, System::nanoTime));
        long nanos = e.failure();
        if (nanos > 0) {
            log.warn("upstream ejected app={} upstream={} forMillis={} ejections={}", app, u,
                    TimeUnit.NANOSECONDS.toMillis(nanos), e.ejections());
            onChange.run();
            scheduler.schedule(() -> readmit(u), nanos, TimeUnit.NANOSECONDS);
        }
    }

    void success(Upstream u) {
        Ejection e = byUpstream.get(u);
        if (e != null) {
            e.success();
        }
    }

    boolean ejected(Upstream u) {
        Ejection e = byUpstream.get(u);
        return e != null && e.ejected();
    }

    /** Forgets upstreams no longer in the routing table. */
    void retain(Set<Upstream> present) {
        byUpstream.keySet().retainAll(present);
    }

    private void readmit(Upstream u) {
        if (ejected(u)) {
            scheduler.schedule(() -> readmit(u), 1, TimeUnit.MILLISECONDS);
            return;
        }
        log.info("upstream readmitted app={} upstream={}", app, u);
        onChange.run();
    }
}
