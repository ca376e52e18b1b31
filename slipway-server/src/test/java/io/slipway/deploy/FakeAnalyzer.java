package io.slipway.deploy;

import io.slipway.analysis.Measurement;
import io.slipway.analysis.MetricException;
import io.slipway.config.AppConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Traffic per version as the test sets it: requests, error rate and a latency; unknown versions cannot be measured. */
final class FakeAnalyzer implements Analyzer {
    record Traffic(int requests, double errorRate, double latencyMillis) {
    }

    final Map<String, Traffic> traffic = new ConcurrentHashMap<>();
    final AtomicInteger guardLooks = new AtomicInteger();

    @Override
    public Measurement measure(AppConfig app, String version, Duration window) {
        Traffic t = traffic.get(version);
        if (t == null) {
            throw new MetricException("no traffic set for " + version);
        }
        double[] latencies = new double[t.requests()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = t.latencyMillis() * (1 + (i % 100) / 100.0);
        }
        long errors = Math.round(t.requests() * t.errorRate());
        return new Measurement(version, window, t.requests(), errors, 0, latencies, Map.of());
    }

    @Override
    public Measurement measureTraffic(AppConfig app, String version, Duration window) {
        guardLooks.incrementAndGet();
        return measure(app, version, window);
    }

}
