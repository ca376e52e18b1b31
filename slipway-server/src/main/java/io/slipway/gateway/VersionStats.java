package io.slipway.gateway;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Lock-free request counters and latency recorder of one version, written by the event loops. */
final class VersionStats {
    private final String version;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder[] classes = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder gateway502 = new LongAdder();
    private final LongAdder gateway504 = new LongAdder();
    private final Recorder latencyMicros = new Recorder(2);
    private final Histogram total = new Histogram(2);
    private Histogram interval;

    VersionStats(String version) {
        this.version = version;
    }

    String version() {
        return version;
    }

    void begin() {
        inFlight.incrementAndGet();
        requests.increment();
    }

    /** Status sent to the client; {@code gateway} when the gateway generated it. */
    void status(int code, boolean gateway) {
        int cls = code / 100 - 2;
        if (cls >= 0 && cls < classes.length) {
            classes[cls].increment();
        }
        if (gateway && code == 502) {
            gateway502.increment();
        } else if (gateway && code == 504) {
            gateway504.increment();
        }
    }

    void end(long startNanos) {
        leave();
        upgraded(startNanos);
    }

    /** Records the latency up to a 101 Switching Protocols; the tunnel stays in flight until {@link #leave}. */
    void upgraded(long startNanos) {
        latencyMicros.recordValue(Math.max(0, (System.nanoTime() - startNanos) / 1000));
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    synchronized GatewayStatus.VersionStatus snapshot() {
        interval = latencyMicros.getIntervalHistogram(interval);
        total.add(interval);
        return new GatewayStatus.VersionStatus(version, inFlight.get(), requests.sum(),
                classes[0].sum(), classes[1].sum(), classes[2].sum(), classes[3].sum(),
                gateway502.sum(), gateway504.sum(),
                total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(99) / 1000.0);
    }
}
