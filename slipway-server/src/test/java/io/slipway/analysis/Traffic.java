package io.slipway.analysis;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * Simulated traffic of one version over one window, with the noise a real service shows: lognormal
 * latencies (median 80 ms, sigma 0.5), a 2 % slow path (median 400 ms, cache misses), 0.1 % stalls of
 * 1-3 s (GC, a slow dependency), 0.5 % errors of which 1 in 50 made by the gateway, and a per-window
 * drift of each version's speed (sigma 2 %, instances never run at exactly the same speed).
 */
final class Traffic {
    static final double ERROR_RATE = 0.005;
    private final Random random;

    Traffic(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param slowdown  latency factor of this version (1 = as stable)
     * @param errorRate share of 5xx
     */
    Measurement measure(String version, Duration window, int requests, double slowdown, double errorRate) {
        double drift = Math.exp(0.02 * random.nextGaussian());
        double[] latencies = new double[requests];
        long errors = 0;
        long gatewayErrors = 0;
        for (int i = 0; i < requests; i++) {
            latencies[i] = latency() * drift * slowdown;
            if (random.nextDouble() < errorRate) {
                errors++;
                gatewayErrors += random.nextDouble() < 0.02 ? 1 : 0;
            }
        }
        return new Measurement(version, window, requests, errors, gatewayErrors, latencies, Map.of());
    }

    private double latency() {
        double u = random.nextDouble();
        if (u < 0.001) {
            return 1000 + 2000 * random.nextDouble();
        }
        if (u < 0.021) {
            return 400 * Math.exp(0.6 * random.nextGaussian());
        }
        return 80 * Math.exp(0.5 * random.nextGaussian());
    }
}
