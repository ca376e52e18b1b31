package io.slipway.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests to the app endpoint by status and their latency as a Prometheus histogram. Probes and
 * scrapes are left out so that an analysis of error rate and latency sees only real traffic.
 */
final class RequestMetrics {
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<Integer, LongAdder> byStatus = new ConcurrentSkipListMap<>();
    private final LongAdder[] bucketCounts = new LongAdder[BUCKETS.length + 1];
    private final LongAdder totalNanos = new LongAdder();
    private final String versionLabel;

    RequestMetrics(String version) {
        this.versionLabel = version.replace("\\", "\\\\").replace("\"", "\\\"");
        for (int i = 0; i < bucketCounts.length; i++) {
            bucketCounts[i] = new LongAdder();
        }
    }

    void record(int status, long nanos) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
            bucket++;
        }
        bucketCounts[bucket].increment();
        totalNanos.add(nanos);
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    String render() {
        StringBuilder out = new StringBuilder();
        header(out, "sample_info", "gauge", "The version this instance runs.");
        out.append("sample_info{version=\"").append(versionLabel).append("\"} 1\n");
        header(out, "sample_requests_total", "counter", "Requests to the app endpoint, by HTTP status.");
        byStatus.forEach((status, count) -> out.append("sample_requests_total{status=\"")
                .append(status).append("\"} ").append(count.sum()).append('\n'));
        histogram(out, "sample_request_duration_seconds");
        return out.toString();
    }

    private void histogram(StringBuilder out, String name) {
        header(out, name, "histogram", "Time to answer the app endpoint, added latency included.");
        long cumulative = 0;
        for (int i = 0; i < bucketCounts.length; i++) {
            cumulative += bucketCounts[i].sum();
            String le = i < BUCKETS.length ? Double.toString(BUCKETS[i]) : "+Inf";
            out.append(name).append("_bucket{le=\"").append(le).append("\"} ").append(cumulative).append('\n');
        }
        out.append(name).append("_sum ").append(totalNanos.sum() / 1e9).append('\n');
        out.append(name).append("_count ").append(cumulative).append('\n');
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
