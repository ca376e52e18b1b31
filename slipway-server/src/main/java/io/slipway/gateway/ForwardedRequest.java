package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A client's request as it goes to the upstream, rewritten while it is written rather than by
 * changing its header object (each change there is a hash-map update): HTTP/1.1; the client's header
 * lines except hop-by-hop ones (Connection and the headers it names, Keep-Alive, Proxy-Connection,
 * TE, Trailer, Upgrade), X-Slipway-Mirror (only the gateway marks copies: an app skipping side
 * effects for them must be able to trust it) and the forwarding headers the gateway sets; then
 * X-Forwarded-For (the client's value, if any, with the peer appended), X-Forwarded-Proto,
 * X-Forwarded-Host (the Host), X-Request-Id (the client's, or a new one) and, for an upgrade, its
 * Connection and Upgrade. Framing headers stay: the decoder already acted on them, and dropping them
 * would desynchronise the body between the two sides.
 *
 * <p>One per client connection ({@link Exchange}), prepared per request; written once per attempt
 * (a retry writes it again) and encoded once more for mirrored copies ({@link Shadow}).
 */
final class ForwardedRequest {
    private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final AsciiString MIRROR_MARK = AsciiString.cached("1");
    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final AsciiString HTTPS = AsciiString.cached("https");
    private static final int MAX_REQUEST_ID = 200;

    private HttpRequest request;
    private String peer;
    private boolean tls;
    private String requestId;
    private String upgrade;
    /** The headers named in the client's Connection values (other than framing and Host), or null: nearly always. */
    private List<String> named;
    /** The size of the last head encoded, to size the next one's buffer. */
    private int lastSize = 256;

    /**
     * Prepares {@code r} from {@code peer} (the connection's remote address; {@code tls}: it came
     * over TLS) for the upstream; {@code upgrade}: the protocol it asks to switch to, or null.
     * Returns its request id: the client's X-Request-Id if it has a usable one, else a new one.
     */
    String prepare(HttpRequest r, String peer, boolean tls, String upgrade) {
        this.request = r;
        this.peer = peer;
        this.tls = tls;
        this.upgrade = upgrade;
        HttpHeaders h = r.headers();
        String id = h.get(ProxyHeaders.X_REQUEST_ID);
        requestId = id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID ? ProxyHeaders.newRequestId() : id;
        named = null;
        if (h.contains(HttpHeaderNames.CONNECTION)) {
            for (Iterator<String> values = h.valueStringIterator(HttpHeaderNames.CONNECTION); values.hasNext(); ) {
                named = ProxyHeaders.namedByConnection(values.next(), named);
            }
        }
        return requestId;
    }

    HttpRequest request() {
        return request;
    }

    /** Whether the body goes chunked (the client's request says so). */
    boolean chunked() {
        return HttpUtil.isTransferEncodingChunked(request);
    }

    /**
     * The head as bytes. {@code mirror}: for a mirrored copy, marked {@code X-Slipway-Mirror: 1} and
     * without Expect (the copy goes whole: an upstream's 100 Continue would only delay it).
     */
    ByteBuf encode(ByteBufAllocator alloc, boolean mirror) {
        HttpRequest r = request;
        ByteBuf out = alloc.buffer(lastSize);
        ByteBufUtil.copy(r.method().asciiName(), out);
        out.writeByte(' ');
        String uri = r.uri();
        out.writeCharSequence(uri.isEmpty() ? "/" : uri, StandardCharsets.UTF_8);
        out.writeBytes(VERSION);
        // the first Host and X-Forwarded-For are picked up on the way: no second lookup for them
        CharSequence host = null;
        CharSequence forwardedFor = null;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = r.headers().iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (forwarded(name, mirror)) {
                MessageWriter.headerLine(out, name, e.getValue());
                if (host == null && is(name, HttpHeaderNames.HOST)) {
                    host = e.getValue();
                }
            } else if (forwardedFor == null && is(name, ProxyHeaders.X_FORWARDED_FOR)) {
                forwardedFor = e.getValue();
            }
        }
        MessageWriter.headerLine(out, ProxyHeaders.X_FORWARDED_FOR,
                forwardedFor == null ? peer : forwardedFor + ", " + peer);
        MessageWriter.headerLine(out, ProxyHeaders.X_FORWARDED_PROTO, tls ? HTTPS : HTTP);
        if (host != null) {
            MessageWriter.headerLine(out, ProxyHeaders.X_FORWARDED_HOST, host);
        }
        MessageWriter.headerLine(out, ProxyHeaders.X_REQUEST_ID, requestId);
        if (upgrade != null) {
            MessageWriter.headerLine(out, HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            MessageWriter.headerLine(out, HttpHeaderNames.UPGRADE, upgrade);
        }
        if (mirror) {
            MessageWriter.headerLine(out, Shadow.X_SLIPWAY_MIRROR, MIRROR_MARK);
        }
        out.writeShort(MessageWriter.CRLF_SHORT);
        lastSize = out.readableBytes() + 64;
        return out;
    }

    /** Whether the client's header {@code name} goes upstream as it is. */
    private boolean forwarded(CharSequence name, boolean mirror) {
        boolean drop = switch (name.length()) {
            case 2 -> is(name, HttpHeaderNames.TE);
            case 6 -> mirror && is(name, HttpHeaderNames.EXPECT);
            case 7 -> is(name, HttpHeaderNames.TRAILER) || is(name, HttpHeaderNames.UPGRADE);
            case 10 -> is(name, HttpHeaderNames.CONNECTION) || is(name, HttpHeaderNames.KEEP_ALIVE);
            case 12 -> is(name, ProxyHeaders.X_REQUEST_ID);
            case 15 -> is(name, ProxyHeaders.X_FORWARDED_FOR);
            case 16 -> is(name, HttpHeaderNames.PROXY_CONNECTION) || is(name, ProxyHeaders.X_FORWARDED_HOST)
                    || is(name, Shadow.X_SLIPWAY_MIRROR);
            case 17 -> is(name, ProxyHeaders.X_FORWARDED_PROTO);
            default -> false;
        };
        return !drop && (named == null || !isNamed(name));
    }

    private boolean isNamed(CharSequence name) {
        for (String n : named) {
            if (AsciiString.contentEqualsIgnoreCase(n, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean is(CharSequence name, AsciiString lowerCase) {
        return lowerCase.contentEqualsIgnoreCase(name);
    }
}
