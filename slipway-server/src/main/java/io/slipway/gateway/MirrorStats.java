package io.slipway.gateway;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What became of the requests mirrored to one version (shadow traffic), written lock-free by the
 * event loops: copies sent, answers compared with the primary's and how they differed, mirror
 * failures, copies skipped, and how much later (or earlier) than the primary the copy's answer
 * completed. Kept over the same one-second ticks and 60 s window as {@link VersionStats}.
 *
 * <p>The latency difference is signed and HdrHistogram records only values &gt;= 0, so it goes to
 * two recorders: mirror later than (or as fast as) the primary, and mirror earlier, by magnitude.
 */
final class MirrorStats {
    private static final int MIRRORED = 0;
    private static final int COMPARED = 1;
    private static final int STATUS_MISMATCHES = 2;
    private static final int BODY_MISMATCHES = 3;
    private static final int ERRORS = 4;
    private static final int SKIPPED = 5;
    /** Copies whose upstream part is over (answered or failed): the denominator of the error rate. */
    private static final int ENDED = 6;

    private final LongAdder[] counts = new LongAdder[7];
    private final Recorder laterMicros = new Recorder(2);
    private final Recorder earlierMicros = new Recorder(2);
    private final Histogram totalLater = new Histogram(2);
    private final Histogram totalEarlier = new Histogram(2);
    private final long[] atLastTick = new long[counts.length];
    private final Bucket[] ring = new Bucket[VersionStats.WINDOW_SECONDS];
    private int pushed;
    private Histogram intervalLater;
    private Histogram intervalEarlier;

    /** One second: counter deltas by the indexes above, latency differences in µs. */
    private record Bucket(long[] counts, Histogram later, Histogram earlier) {
    }

    MirrorStats() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** A request chosen for mirroring was not copied (method, body, upgrade, limit, nothing routable). */
    void skipped() {
        counts[SKIPPED].increment();
    }

    /** A copy was sent. */
    void mirrored() {
        counts[MIRRORED].increment();
    }

    /** A copy failed: connect error, reset, bad response or timeout. */
    void failed() {
        counts[ERRORS].increment();
        counts[ENDED].increment();
    }

    /** A copy was answered completely. */
    void answered() {
        counts[ENDED].increment();
    }

    /**
     * Both answers are complete. A body is compared only when the statuses agree, so each pair
     * counts as one mismatch at most. {@code laterNanos}: mirror's completion minus the primary's.
     */
    void compared(boolean statusDiffers, boolean bodyDiffers, long laterNanos) {
        counts[COMPARED].increment();
        if (statusDiffers) {
            counts[STATUS_MISMATCHES].increment();
        } else if (bodyDiffers) {
            counts[BODY_MISMATCHES].increment();
        }
        long micros = laterNanos / 1000;
        if (micros >= 0) {
            laterMicros.recordValue(micros);
        } else {
            earlierMicros.recordValue(-micros);
        }
    }

    /** Closes the current second (see {@link VersionStats#tick()}). */
    synchronized void tick() {
        intervalLater = laterMicros.getIntervalHistogram(intervalLater);
        intervalEarlier = earlierMicros.getIntervalHistogram(intervalEarlier);
        totalLater.add(intervalLater);
        totalEarlier.add(intervalEarlier);
        long[] delta = new long[counts.length];
        for (int i = 0; i < delta.length; i++) {
            long now = counts[i].sum();
            delta[i] = now - atLastTick[i];
            atLastTick[i] = now;
        }
        ring[pushed % ring.length] = new Bucket(delta, intervalLater.copy(), intervalEarlier.copy());
        pushed++;
    }

    /** Totals since the gateway started, and the last 10 s and 60 s (latencies as of the last tick). */
    synchronized GatewayStatus.Mirror snapshot() {
        return new GatewayStatus.Mirror(counts[MIRRORED].sum(), counts[COMPARED].sum(),
                counts[STATUS_MISMATCHES].sum(), counts[BODY_MISMATCHES].sum(), counts[ERRORS].sum(),
                counts[SKIPPED].sum(), signedPercentileMicros(totalLater, totalEarlier, 50) / 1000.0,
                window(10), window(VersionStats.WINDOW_SECONDS));
    }

    private GatewayStatus.MirrorWindow window(int seconds) {
        int n = Math.min(Math.min(seconds, ring.length), pushed);
        long[] sum = new long[counts.length];
        Histogram later = new Histogram(2);
        Histogram earlier = new Histogram(2);
        for (int i = 1; i <= n; i++) {
            Bucket b = ring[(pushed - i) % ring.length];
            for (int c = 0; c < sum.length; c++) {
                sum[c] += b.counts()[c];
            }
            later.add(b.later());
            earlier.add(b.earlier());
        }
        return new GatewayStatus.MirrorWindow(n, sum[MIRRORED], sum[COMPARED], sum[STATUS_MISMATCHES],
                sum[BODY_MISMATCHES], sum[ERRORS], sum[SKIPPED],
                ratio(sum[STATUS_MISMATCHES] + sum[BODY_MISMATCHES], sum[COMPARED]), ratio(sum[ERRORS], sum[ENDED]),
                signedPercentileMicros(later, earlier, 50) / 1000.0);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /**
     * The {@code percentile} of the signed values held as {@code later} (&gt;= 0) and {@code
     * earlier} (negated): in ascending order the earlier ones come first, largest magnitude first.
     */
    static long signedPercentileMicros(Histogram later, Histogram earlier, double percentile) {
        long negative = earlier.getTotalCount();
        long total = negative + later.getTotalCount();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * total));
        if (rank <= negative) {
            return -earlier.getValueAtPercentile(100.0 * (negative - rank + 1) / negative);
        }
        return later.getValueAtPercentile(100.0 * (rank - negative) / later.getTotalCount());
    }
}
