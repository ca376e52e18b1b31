package io.slipway.gateway;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;
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
    private final SlidingWindow window = new SlidingWindow(WINDOW_SECONDS);
    private final long[] classesAtLastTick = new long[4];
    private long g502AtLastTick;
    private long g504AtLastTick;
    private Histogram interval;
    /** Created when a routing table first mirrors to this version; null until then. */
    private volatile MirrorStats mirror;

    /**
     * Seconds of traffic kept per version for windowed error rates and percentiles: the longest
     * window a canary analysis run can measure through the gateway (longer ones need Prometheus).
     */
    static final int WINDOW_SECONDS = 300;

    VersionStats(String version) {
        this.version = version;
    }

    String version() {
        return version;
    }

    /** The stats of the requests mirrored to this version, created on first use. */
    synchronized MirrorStats mirror() {
        if (mirror == null) {
            mirror = new MirrorStats();
        }
        return mirror;
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

    /**
     * Closes the current second: moves what was recorded since the last tick into the window and
     * the cumulative totals. Called once a second by the gateway's timer.
     */
    synchronized void tick() {
        interval = latencyMicros.getIntervalHistogram(interval);
        total.add(interval);
        long[] delta = new long[4];
        for (int c = 0; c < delta.length; c++) {
            long now = classes[c].sum();
            delta[c] = now - classesAtLastTick[c];
            classesAtLastTick[c] = now;
        }
        long g502 = gateway502.sum();
        long g504 = gateway504.sum();
        IntCountsHistogram second = new IntCountsHistogram(2);
        second.add(interval);
        window.push(new SlidingWindow.Bucket(delta, g502 - g502AtLastTick, g504 - g504AtLastTick, second));
        g502AtLastTick = g502;
        g504AtLastTick = g504;
        if (mirror != null) {
            mirror.tick();
        }
    }

    /** Counters since the gateway started, and the last 10 s and 60 s (latencies as of the last tick). */
    synchronized GatewayStatus.VersionStatus snapshot() {
        return new GatewayStatus.VersionStatus(version, inFlight.get(), requests.sum(),
                classes[0].sum(), classes[1].sum(), classes[2].sum(), classes[3].sum(),
                gateway502.sum(), gateway504.sum(),
                percentileMillis(50), percentileMillis(99), window.summary(10), window.summary(60),
                mirror == null ? null : mirror.snapshot());
    }

    /**
     * What canary analysis reads: the last {@code seconds} full seconds, plus the counts of the
     * second in progress (so a guard sees a failing version within its polling interval, not at the
     * next tick); latencies are those of the full seconds only.
     */
    synchronized WindowMeasure measure(int seconds) {
        SlidingWindow.Bucket full = window.total(seconds);
        long[] classes = full.classes().clone();
        for (int c = 0; c < classes.length; c++) {
            classes[c] += this.classes[c].sum() - classesAtLastTick[c];
        }
        long requests = classes[0] + classes[1] + classes[2] + classes[3];
        long gatewayErrors = full.gateway502() + full.gateway504() + gateway502.sum() - g502AtLastTick
                + gateway504.sum() - g504AtLastTick;
        return WindowMeasure.of(version, full.seconds(), requests, classes[3], gatewayErrors, full.latencyMicros());
    }

    private double percentileMillis(double percentile) {
        return total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(percentile) / 1000.0;
    }
}
