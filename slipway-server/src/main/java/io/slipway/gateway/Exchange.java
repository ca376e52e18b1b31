package io.slipway.gateway;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The state of the request/response exchange in progress on one client connection, from a
 * request head until both directions completed. One instance per connection, reset per request.
 */
final class Exchange {
    boolean active;
    HttpRequest request;
    /** The request as it goes upstream. */
    final ForwardedRequest upstreamRequest = new ForwardedRequest();
    String requestId;
    /** The client's address: the peer, or the X-Forwarded-For entry behind trusted proxies. */
    String client;
    boolean http10;
    boolean head;
    boolean clientKeepAlive;
    boolean requestDone;
    boolean responseStarted;
    boolean responseDone;
    boolean informational;
    boolean upstreamKeepAlive;
    /** Body bytes went upstream: the request can no longer be retried. */
    boolean bodySent;
    /** Sent on a pooled connection, which the upstream may have closed as we picked it. */
    boolean reused;
    boolean retried;
    /** The protocol the client asks to switch to (Upgrade), or null. */
    String upgrade;
    Target target;
    VersionStats stats;
    long startNanos;
    /** Status sent to the client (for the access log), 0 until a final response head. */
    int status;
    /** The copies of this request to mirror slots; null when not mirrored (nearly always). */
    Shadow shadow;

    /**
     * Starts an exchange for {@code r}, preparing it for the upstream. {@code peer}: the
     * connection's remote address; {@code client}: the client's (see {@link ClientAddress}); {@code
     * tls}: came over TLS.
     */
    void begin(HttpRequest r, String peer, String client, boolean tls) {
        active = true;
        request = r;
        this.client = client;
        startNanos = System.nanoTime();
        http10 = r.protocolVersion().equals(HttpVersion.HTTP_1_0);
        head = HttpMethod.HEAD.equals(r.method());
        clientKeepAlive = HttpUtil.isKeepAlive(r);
        requestDone = responseStarted = responseDone = informational = false;
        status = 0;
        bodySent = reused = retried = false;
        upgrade = Tunnel.requested(r);
        requestId = upstreamRequest.prepare(r, peer, tls, upgrade);
    }

    /** An exchange for a request the decoder could not even parse, from {@code peer}. */
    void beginMalformed(String peer) {
        active = true;
        client = peer;
        status = 0;
        startNanos = System.nanoTime();
        responseStarted = responseDone = false;
        requestId = ProxyHeaders.newRequestId();
    }

    void routeTo(Target t) {
        target = t;
        stats = t.stats;
        stats.begin();
    }

    /** Counts the request as no longer in flight and settles its mirrored copies; idempotent. */
    void endStats() {
        if (stats != null) {
            stats.end(startNanos);
            stats = null;
        }
        if (shadow != null) {
            shadow.exchangeEnded();
            shadow = null;
        }
    }

    /**
     * An upgrade request went upstream and its answer has not come: the client must be silent until
     * the 101, after which its bytes are no longer HTTP.
     */
    boolean awaitingUpgrade() {
        return active && upgrade != null && requestDone && !responseStarted;
    }

    void finish() {
        active = false;
        upgrade = null;
        request = null;
        target = null;
    }
}
