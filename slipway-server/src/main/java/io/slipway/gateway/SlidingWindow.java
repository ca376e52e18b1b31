package io.slipway.gateway;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * The last {@code size} seconds of one version's traffic as a ring of one-second buckets: status
 * classes, gateway-made 502/504 and a latency histogram each. Pure and single-threaded: the owner
 * pushes one bucket per second and reads summaries under its own lock.
 */
final class SlidingWindow {
    private final Bucket[] ring;
    private int pushed;

    SlidingWindow(int size) {
        ring = new Bucket[size];
    }

    /**
     * One second of traffic, or several added up: counts by class (2xx, 3xx, 4xx, 5xx), gateway
     * 502/504, latencies in µs. A second's histogram is kept with int counts (half the memory of
     * long ones): the ring holds {@code size} of them per version.
     */
    record Bucket(long[] classes, long gateway502, long gateway504, AbstractHistogram latencyMicros, int seconds) {
        Bucket(long[] classes, long gateway502, long gateway504, AbstractHistogram latencyMicros) {
            this(classes, gateway502, gateway504, latencyMicros, 1);
        }

        long requests() {
            return classes[0] + classes[1] + classes[2] + classes[3];
        }
    }

    void push(Bucket bucket) {
        ring[pushed % ring.length] = bucket;
        pushed++;
    }

    /** Traffic of the last {@code seconds} full seconds (fewer when the window is younger). */
    GatewayStatus.Window summary(int seconds) {
        Bucket t = total(seconds);
        long[] classes = t.classes();
        long requests = t.requests();
        return new GatewayStatus.Window(t.seconds(), requests, classes[0], classes[1], classes[2], classes[3],
                t.gateway502(), t.gateway504(), requests == 0 ? 0 : (double) classes[3] / requests,
                millis(t.latencyMicros(), 50), millis(t.latencyMicros(), 95), millis(t.latencyMicros(), 99));
    }

    /** The buckets of the last {@code seconds} full seconds added up; {@link Bucket#seconds()} says how many there were. */
    Bucket total(int seconds) {
        int n = Math.min(Math.min(seconds, ring.length), pushed);
        long[] classes = new long[4];
        long g502 = 0;
        long g504 = 0;
        Histogram latency = new Histogram(2);
        for (int i = 1; i <= n; i++) {
            Bucket b = ring[(pushed - i) % ring.length];
            for (int c = 0; c < classes.length; c++) {
                classes[c] += b.classes()[c];
            }
            g502 += b.gateway502();
            g504 += b.gateway504();
            latency.add(b.latencyMicros());
        }
        return new Bucket(classes, g502, g504, latency, n);
    }

    private static double millis(AbstractHistogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
