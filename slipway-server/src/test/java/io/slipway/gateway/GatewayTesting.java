package io.slipway.gateway;

import io.slipway.config.GatewayConfig;
import io.slipway.config.HealthConfig;
import io.slipway.config.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Shared configs and helpers of the gateway tests. */
final class GatewayTesting {
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * One event loop for all gateway tests, as in production; its daemon thread ends with the JVM. It
     * polls before blocking ({@link IdlePoll}), so every timer and hand-over of the gateway tests runs
     * through that path too; without polling the loop is Netty's own.
     */
    static final GatewayRuntime RUNTIME = GatewayRuntime.create(1, Duration.ofNanos(50_000));

    private GatewayTesting() {
    }

    static GatewayConfig config(Duration upstreamTimeout) {
        return new GatewayConfig(new HostPort("127.0.0.1", 0), Duration.ofSeconds(2), upstreamTimeout,
                Duration.ofSeconds(30), 8192);
    }

    /** Default timeouts with the given head timeout, body limit and passive ejection. */
    static GatewayConfig limits(Duration requestHeadTimeout, int maxBodyMegabytes, int ejectAfter, Duration ejectFor) {
        return new GatewayConfig(new HostPort("127.0.0.1", 0), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 8192, requestHeadTimeout, maxBodyMegabytes, ejectAfter, ejectFor, null,
                "X-Slipway-Version", "slipway-version", false);
    }

    /** The default config, sticky by {@code sticky} (null, clientIp, cookie:NAME, header:NAME). */
    static GatewayConfig sticky(String sticky) {
        GatewayConfig c = config();
        return new GatewayConfig(c.listen(), c.connectTimeout(), c.upstreamTimeout(), c.idleTimeout(), c.maxHeaderBytes(),
                c.requestHeadTimeout(), c.maxBodyMegabytes(), c.ejectAfter(), c.ejectFor(), sticky, c.previewHeader(),
                c.previewCookie(), c.accessLog());
    }

    static GatewayConfig config() {
        return config(Duration.ofSeconds(10));
    }

    /** Fast probes with thresholds 2/2. */
    static HealthConfig fastHealth() {
        return new HealthConfig("/live", "/ready", Duration.ofMillis(50), Duration.ofMillis(500), 2, 2);
    }

    /** Probes so rare they never run during a test: routing sees only the UNKNOWN presumption. */
    static HealthConfig noProbes() {
        return new HealthConfig("/live", "/ready", Duration.ofHours(1), Duration.ofSeconds(1), 2, 2);
    }

    static RoutingTable table(long generation, Slot... slots) {
        return RoutingTable.of(generation, List.of(slots));
    }

    static Slot slot(String name, String version, int weight, TestUpstream... upstreams) {
        return new Slot(name, version, java.util.Arrays.stream(upstreams).map(TestUpstream::upstream).toList(), weight);
    }

    static URI uri(Gateway g, String path) {
        return URI.create("http://127.0.0.1:" + g.port() + path);
    }

    static HttpResponse<String> get(Gateway g, String path) {
        return send(HttpRequest.newBuilder(uri(g, path)).timeout(Duration.ofSeconds(20)).build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
