package io.slipway.gateway;

/**
 * The health state machine of one upstream, fed with probe results (pure, no I/O).
 *
 * <p>UNKNOWN becomes HEALTHY after {@code healthyThreshold} consecutive oks and UNHEALTHY after
 * {@code unhealthyThreshold} consecutive failures; HEALTHY and UNHEALTHY flip the same way.
 *
 * <p>Only HEALTHY is routable. An upstream first seen in a slot with weight &gt; 0 starts HEALTHY:
 * the control plane publishes weight only after it verified readiness itself, and a restarted
 * gateway process must not answer 503 while live instances wait for {@code healthyThreshold}
 * probes. Starting HEALTHY (rather than "routable until the first failure") keeps the hysteresis:
 * one slow probe on a loaded machine must not eject the only instance. One first seen at weight 0
 * (a candidate warming up) starts UNKNOWN and is routable only once HEALTHY.
 */
final class UpstreamHealth {
    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private HealthState state;
    private int oks;
    private int fails;

    UpstreamHealth(int healthyThreshold, int unhealthyThreshold, boolean presumedReady) {
        this.healthyThreshold = Math.max(1, healthyThreshold);
        this.unhealthyThreshold = Math.max(1, unhealthyThreshold);
        this.state = presumedReady ? HealthState.HEALTHY : HealthState.UNKNOWN;
    }

    /** Records one probe result; returns whether routability changed. */
    synchronized boolean record(boolean ok) {
        boolean before = routable();
        if (ok) {
            oks++;
            fails = 0;
            if (state != HealthState.HEALTHY && oks >= healthyThreshold) {
                state = HealthState.HEALTHY;
            }
        } else {
            fails++;
            oks = 0;
            if (state != HealthState.UNHEALTHY && fails >= unhealthyThreshold) {
                state = HealthState.UNHEALTHY;
            }
        }
        return before != routable();
    }

    synchronized boolean routable() {
        return state == HealthState.HEALTHY;
    }

    synchronized HealthState state() {
        return state;
    }

    synchronized GatewayStatus.UpstreamStatus status(Upstream upstream) {
        return new GatewayStatus.UpstreamStatus(upstream.host(), upstream.port(), state, routable(), oks, fails,
                false);
    }
}
