package io.slipway.analysis;

import io.slipway.api.Json;
import io.slipway.gateway.WindowMeasure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The built-in metric provider: one version's traffic as the gateway saw it, from the gateway
 * process's control endpoint ({@code /measure}). Latency samples are the gateway's histogram
 * expanded back into values, each at the middle of its bucket: HdrHistogram with 2 significant
 * digits keeps every sample within 1 % of what was measured, far inside the 10 % tolerance of the
 * latency comparison, and ties between equal buckets are what the Mann-Whitney test's tie
 * correction is for.
 */
public final class GatewayMetrics {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Supplier<Optional<URI>> control;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    /** {@code control} finds the gateway's control address, e.g. {@code http://127.0.0.1:41234} (it moves on restarts). */
    public GatewayMetrics(Supplier<Optional<URI>> control) {
        this.control = control;
    }

    /**
     * The version's requests, errors and latencies over the last {@code window} (whole seconds, at
     * least one), with {@code values} from other providers attached.
     *
     * @throws MetricException when the gateway does not answer or answers nonsense
     */
    public Measurement measure(String app, String version, Duration window, Map<String, Double> values,
                               Map<String, Long> valueSamples) {
        WindowMeasure m = fetch(app, version, (int) Math.max(1, window.toSeconds()));
        return new Measurement(version, Duration.ofSeconds(m.seconds()), m.requests(), m.errors(),
                Math.min(m.gatewayErrors(), m.errors()), samplesMillis(m.latencies()), values, valueSamples);
    }

    WindowMeasure fetch(String app, String version, int seconds) {
        URI base = control.get().orElseThrow(() -> new MetricException("the gateway process is not running;"
                + " its control address is unknown"));
        URI uri = base.resolve("/measure?app=" + encode(app) + "&version=" + encode(version) + "&seconds=" + seconds);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new MetricException("gateway " + uri + " answered " + r.statusCode() + ": " + r.body());
            }
            return Json.MAPPER.readValue(r.body(), WindowMeasure.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new MetricException("gateway " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricException("interrupted while asking the gateway " + uri, e);
        }
    }

    /** Every recorded latency, in ms, at the middle of its histogram bucket. */
    static double[] samplesMillis(Histogram h) {
        long total = h.getTotalCount();
        if (total > Integer.MAX_VALUE - 8) {
            throw new MetricException("latency histogram holds " + total + " samples, more than can be compared");
        }
        double[] samples = new double[(int) total];
        int i = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            double millis = h.medianEquivalentValue(v.getValueIteratedTo()) / 1000.0;
            int n = (int) v.getCountAtValueIteratedTo();
            Arrays.fill(samples, i, i + n, millis);
            i += n;
        }
        return samples;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
