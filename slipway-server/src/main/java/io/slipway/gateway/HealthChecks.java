package io.slipway.gateway;

import io.netty.util.concurrent.ScheduledFuture;
import io.slipway.config.HealthConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active readiness probes of every upstream in a gateway's current routing table. Upstreams that
 * leave the table stop being probed and lose their state; calls {@code onChange} when an
 * upstream's routability flips.
 */
final class HealthChecks {
    private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);

    private final GatewayRuntime rt;
    private final String app;
    private final HealthConfig cfg;
    private final Runnable onChange;
    private final Map<Upstream, Checked> checked = new HashMap<>();
    private boolean closed;

    HealthChecks(GatewayRuntime rt, String app, HealthConfig cfg, Runnable onChange) {
        this.rt = rt;
        this.app = app;
        this.cfg = cfg;
        this.onChange = onChange;
    }

    /** Starts probing upstreams new in {@code table}, stops probing those no longer in it. */
    synchronized void track(RoutingTable table) {
        if (closed) {
            return;
        }
        Set<Upstream> weighted = new HashSet<>();
        Set<Upstream> present = new HashSet<>();
        for (Slot slot : table.slots()) {
            present.addAll(slot.upstreams());
            // the control plane mirrors to verified instances only, as it weights only those
            if (slot.weight() > 0 || slot.mirror() > 0) {
                weighted.addAll(slot.upstreams());
            }
        }
        checked.entrySet().removeIf(e -> !present.contains(e.getKey()) && e.getValue().stop());
        for (Upstream u : present) {
            checked.computeIfAbsent(u, k -> start(k, weighted.contains(k)));
        }
    }

    synchronized boolean routable(Upstream upstream) {
        Checked c = checked.get(upstream);
        return c != null && c.health.routable();
    }

    synchronized List<GatewayStatus.UpstreamStatus> status() {
        List<GatewayStatus.UpstreamStatus> out = new ArrayList<>();
        checked.forEach((u, c) -> out.add(c.health.status(u)));
        out.sort(Comparator.comparing(GatewayStatus.UpstreamStatus::host)
                .thenComparingInt(GatewayStatus.UpstreamStatus::port));
        return out;
    }

    synchronized void close() {
        closed = true;
        checked.values().forEach(Checked::stop);
        checked.clear();
    }

    private Checked start(Upstream upstream, boolean presumedReady) {
        var health = new UpstreamHealth(cfg.healthyThreshold(), cfg.unhealthyThreshold(), presumedReady);
        var c = new Checked(upstream, health);
        long every = Math.max(1, cfg.interval().toNanos());
        // one presumed ready is first probed after an interval; one warming up right away
        long first = presumedReady ? every : 0;
        c.schedule = rt.group().next().scheduleAtFixedRate(c::probe, first, every, TimeUnit.NANOSECONDS);
        return c;
    }

    /** One probed upstream; {@code probing} skips a tick while the previous probe is running. */
    private final class Checked {
        final Upstream upstream;
        final UpstreamHealth health;
        ScheduledFuture<?> schedule;
        boolean probing;
        boolean stopped;

        Checked(Upstream upstream, UpstreamHealth health) {
            this.upstream = upstream;
            this.health = health;
        }

        void probe() {
            synchronized (HealthChecks.this) {
                if (probing || stopped) {
                    return;
                }
                probing = true;
            }
            HealthProbe.run(rt, upstream, cfg.readyPath(), cfg.timeout(), this::onResult);
        }

        void onResult(boolean ok) {
            boolean changed;
            HealthState before;
            synchronized (HealthChecks.this) {
                probing = false;
                if (stopped) {
                    return;
                }
                before = health.state();
                changed = health.record(ok);
            }
            if (before != health.state() || changed) {
                log.info("upstream health app={} upstream={} state={} routable={}",
                        app, upstream, health.state(), health.routable());
            }
            if (changed) {
                onChange.run();
            }
        }

        boolean stop() {
            stopped = true;
            if (schedule != null) {
                schedule.cancel(false);
            }
            return true;
        }
    }
}
