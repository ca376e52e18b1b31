package io.slipway.flags;

/**
 * What the SDKs reported for one side of a flag (contexts that got it on, or off) over a window:
 * requests with their latency moments, and errors.
 *
 * @param requests          requests measured (latency observations)
 * @param errors            of those, failed ones
 * @param latencySum        sum of the latencies, ms
 * @param latencySumSquares sum of their squares, ms²
 */
public record FlagTraffic(long requests, long errors, double latencySum, double latencySumSquares) {
    public static final FlagTraffic NONE = new FlagTraffic(0, 0, 0, 0);

    /** @throws IllegalArgumentException when a count is negative or errors exceed requests */
    public FlagTraffic {
        if (requests < 0 || errors < 0 || errors > requests) {
            throw new IllegalArgumentException("flag traffic: " + errors + " errors in " + requests
                    + " requests (need 0 <= errors <= requests)");
        }
    }

    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    public double meanLatency() {
        return requests == 0 ? 0 : latencySum / requests;
    }

    /** Sample variance of the latency (n - 1 in the denominator), 0 below two observations. */
    public double latencyVariance() {
        if (requests < 2) {
            return 0;
        }
        double mean = meanLatency();
        return Math.max(0, (latencySumSquares - requests * mean * mean) / (requests - 1));
    }

    public FlagTraffic plus(FlagTraffic o) {
        return new FlagTraffic(requests + o.requests, errors + o.errors, latencySum + o.latencySum,
                latencySumSquares + o.latencySumSquares);
    }
}
