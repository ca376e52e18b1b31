package io.slipway.config;

import java.time.Duration;
import java.util.List;

/**
 * The app's gateway listener and its limits.
 *
 * @param listen             where clients connect
 * @param connectTimeout     connecting to an upstream (failure → 502)
 * @param upstreamTimeout    waiting for an upstream's response head (→ 504)
 * @param idleTimeout        idle client keep-alive connections are closed after this
 * @param maxHeaderBytes     request head larger than this → 431
 * @param requestHeadTimeout a request head must arrive completely within this (slow clients → 408)
 * @param maxBodyMegabytes   request bodies larger than this → 413
 * @param ejectAfter         consecutive 5xx or connect failures that take an upstream out of rotation
 * @param ejectFor           how long the first ejection lasts; it doubles on each repeat, up to 12×
 * @param sticky             how a client stays on one version while traffic is split: null (not
 *                           sticky), {@code clientIp}, {@code cookie:NAME} or {@code header:NAME}
 * @param previewHeader      a request header naming the version to route to (testers, smoke tests)
 * @param previewCookie      a cookie naming the version to route to
 * @param accessLog          one JSON line per request in {@code <dataDir>/logs/<app>/access.log}; off by
 *                           default until it costs under 5 % of throughput (docs/performance.md)
 * @param tls                TLS termination on {@code listen} (PEM files), or null for plain HTTP
 * @param http2              offer HTTP/2 through TLS ALPN next to HTTP/1.1 (only with {@code tls})
 * @param tunnelIdleTimeout  an upgraded connection (WebSocket) carrying no byte either way for this long
 *                           is closed on both sides (null: {@link #DEFAULT_TUNNEL_IDLE_TIMEOUT})
 * @param trustedProxies     load balancers in front of the gateway: on their connections the client's
 *                           address (sticky {@code clientIp}, access log) is the last X-Forwarded-For
 *                           entry that is not one of them; empty: the connection's peer
 * @param mirrorMethods      request methods that may be mirrored to a slot with {@code mirror} &gt; 0
 *                           (default {@link #DEFAULT_MIRROR_METHODS}): a copied POST could write twice
 *                           to a database both versions share
 */
public record GatewayConfig(
        HostPort listen,
        Duration connectTimeout,
        Duration upstreamTimeout,
        Duration idleTimeout,
        int maxHeaderBytes,
        Duration requestHeadTimeout,
        int maxBodyMegabytes,
        int ejectAfter,
        Duration ejectFor,
        String sticky,
        String previewHeader,
        String previewCookie,
        boolean accessLog,
        TlsConfig tls,
        boolean http2,
        Duration tunnelIdleTimeout,
        List<Cidr> trustedProxies,
        List<String> mirrorMethods) {
    /** How long an upgraded connection (WebSocket) may carry no byte either way before both sides are closed. */
    public static final Duration DEFAULT_TUNNEL_IDLE_TIMEOUT = Duration.ofHours(1);

    /** The safe methods: copies of them should not change anything the primary's request does not. */
    public static final List<String> DEFAULT_MIRROR_METHODS = List.of("GET", "HEAD", "OPTIONS");

    /** Host of a gateway listen address written as {@code :port}. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Limits an app gets when {@code gateway:} leaves a key out; {@code listen} has no default. */
    public static final GatewayConfig DEFAULTS = new GatewayConfig(
            null, Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(60), 16_384);

    public GatewayConfig {
        if (tunnelIdleTimeout == null) {
            tunnelIdleTimeout = DEFAULT_TUNNEL_IDLE_TIMEOUT;
        }
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        mirrorMethods = mirrorMethods == null ? DEFAULT_MIRROR_METHODS : List.copyOf(mirrorMethods);
        if (http2 && tls == null) {
            throw new IllegalArgumentException("gateway: http2 needs tls (HTTP/2 is offered through TLS ALPN only)");
        }
    }

    /** Plain HTTP/1.1 (no TLS) with these limits. */
    public GatewayConfig(HostPort listen, Duration connectTimeout, Duration upstreamTimeout, Duration idleTimeout,
                         int maxHeaderBytes, Duration requestHeadTimeout, int maxBodyMegabytes, int ejectAfter,
                         Duration ejectFor, String sticky, String previewHeader, String previewCookie,
                         boolean accessLog) {
        this(listen, connectTimeout, upstreamTimeout, idleTimeout, maxHeaderBytes, requestHeadTimeout,
                maxBodyMegabytes, ejectAfter, ejectFor, sticky, previewHeader, previewCookie, accessLog, null, false,
                DEFAULT_TUNNEL_IDLE_TIMEOUT, List.of(), null);
    }

    /** This config terminating TLS with {@code tls}, offering HTTP/2 when {@code http2}. */
    public GatewayConfig withTls(TlsConfig tls, boolean http2) {
        return new GatewayConfig(listen, connectTimeout, upstreamTimeout, idleTimeout, maxHeaderBytes,
                requestHeadTimeout, maxBodyMegabytes, ejectAfter, ejectFor, sticky, previewHeader, previewCookie,
                accessLog, tls, http2, tunnelIdleTimeout, trustedProxies, mirrorMethods);
    }

    /** This config closing upgraded connections (WebSocket) after {@code timeout} without a byte either way. */
    public GatewayConfig withTunnelIdleTimeout(Duration timeout) {
        return new GatewayConfig(listen, connectTimeout, upstreamTimeout, idleTimeout, maxHeaderBytes,
                requestHeadTimeout, maxBodyMegabytes, ejectAfter, ejectFor, sticky, previewHeader, previewCookie,
                accessLog, tls, http2, timeout, trustedProxies, mirrorMethods);
    }

    /**
     * This config taking the client's address from X-Forwarded-For when the connection comes from
     * one of {@code proxies} (a load balancer in front of the gateway).
     */
    public GatewayConfig withTrustedProxies(List<Cidr> proxies) {
        return new GatewayConfig(listen, connectTimeout, upstreamTimeout, idleTimeout, maxHeaderBytes,
                requestHeadTimeout, maxBodyMegabytes, ejectAfter, ejectFor, sticky, previewHeader, previewCookie,
                accessLog, tls, http2, tunnelIdleTimeout, proxies, mirrorMethods);
    }

    /** This config mirroring requests of {@code methods} only (e.g. GET, HEAD, OPTIONS). */
    public GatewayConfig withMirrorMethods(List<String> methods) {
        return new GatewayConfig(listen, connectTimeout, upstreamTimeout, idleTimeout, maxHeaderBytes,
                requestHeadTimeout, maxBodyMegabytes, ejectAfter, ejectFor, sticky, previewHeader, previewCookie,
                accessLog, tls, http2, tunnelIdleTimeout, trustedProxies, methods);
    }

    /** The listener and timeouts, with every other limit at its default. */
    public GatewayConfig(HostPort listen, Duration connectTimeout, Duration upstreamTimeout, Duration idleTimeout,
                         int maxHeaderBytes) {
        this(listen, connectTimeout, upstreamTimeout, idleTimeout, maxHeaderBytes, Duration.ofSeconds(10), 100, 5,
                Duration.ofSeconds(5), null, "X-Slipway-Version", "slipway-version", false);
    }
}
