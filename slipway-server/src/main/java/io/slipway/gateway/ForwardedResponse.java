package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.slipway.gateway.ResponseHead.Framing;
import java.nio.charset.StandardCharsets;

/**
 * An upstream's response head as it goes to the client: the status line and the upstream's header
 * lines copied byte for byte, except the hop-by-hop ones (Connection and the headers it names,
 * Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade) and the upstream's X-Request-Id; then the
 * exchange's X-Request-Id, the framing the client gets and, where needed, Connection. Nothing is
 * decoded into objects on the way, which was a third of the gateway's Java time per request with
 * Netty's codec (docs/performance.md).
 *
 * <p>The body's framing for the client follows the upstream's: a Content-Length body keeps it; a
 * chunked or close-delimited body goes chunked to HTTP/1.1 clients (re-chunked by
 * {@link ResponseWriter}) and close-delimited, de-chunked, to HTTP/1.0 ones. A Content-Length beside
 * chunked coding (which wins) is not forwarded. As Netty's server codec did, 1xx and 204 lose any
 * framing header.
 *
 * <p>One instance per client connection, prepared per response and written at once: it reads the
 * upstream connection's {@link ResponseHead}, which holds only until that connection's next response.
 * HTTP/2 clients get it as an {@code HttpResponse} ({@link #toHttpResponse()}).
 */
final class ForwardedResponse {
    private static final byte[] STATUS_LINE_START = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] X_REQUEST_ID = "x-request-id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "transfer-encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPGRADE = "connection: upgrade\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final short CRLF = ('\r' << 8) | '\n';

    private enum Connection { NONE, CLOSE, KEEP_ALIVE, UPGRADE }

    private ResponseHead head;
    /** Null for a 1xx head, which goes out without one. */
    private String requestId;
    private Framing upstreamFraming;
    private Framing framing;
    private Connection connection;
    private boolean http10;

    /**
     * Prepares a final (2xx-5xx) head. {@code keepAlive}: whether the gateway would keep the client
     * connection open; returns whether it does (not when the body must run to the close).
     */
    boolean prepare(ResponseHead h, boolean headRequest, String requestId, boolean keepAlive, boolean http10) {
        set(h, requestId, http10, h.framing(headRequest));
        framing = switch (upstreamFraming) {
            case NONE, LENGTH -> upstreamFraming;
            default -> http10 ? Framing.CLOSE : Framing.CHUNKED;
        };
        keepAlive &= framing != Framing.CLOSE;
        connection = !keepAlive ? Connection.CLOSE : http10 ? Connection.KEEP_ALIVE : Connection.NONE;
        return keepAlive;
    }

    /** Prepares a 1xx head other than 101: passed on as it is, hop-by-hop headers removed. */
    void prepareInformational(ResponseHead h, boolean http10) {
        set(h, null, http10, Framing.NONE);
        framing = Framing.NONE;
        connection = Connection.NONE;
    }

    /** Prepares the 101 that switches the client connection to the upgraded protocol (its Upgrade header kept). */
    void prepareUpgrade(ResponseHead h, String requestId) {
        set(h, requestId, false, Framing.NONE);
        framing = Framing.NONE;
        connection = Connection.UPGRADE;
    }

    private void set(ResponseHead h, String requestId, boolean http10, Framing upstreamFraming) {
        this.head = h;
        this.requestId = requestId;
        this.http10 = http10;
        this.upstreamFraming = upstreamFraming;
    }

    /** How the body that follows goes to the client. */
    Framing framing() {
        return framing;
    }

    /** The head as bytes for an HTTP/1.x client. */
    ByteBuf encode(ByteBufAllocator alloc) {
        ResponseHead h = head;
        byte[] in = h.bytes();
        ByteBuf out = alloc.buffer(h.length() + 96 + (requestId == null ? 0 : requestId.length()));
        out.writeBytes(STATUS_LINE_START);
        out.writeBytes(in, h.statusStart(), 3);
        out.writeByte(' ');
        out.writeBytes(in, h.reasonStart(), h.reasonEnd() - h.reasonStart());
        out.writeShort(CRLF);
        // forwarded lines next to each other, each ending in CRLF, go in one copy: usually all of them
        int runStart = -1;
        int runEnd = -1;
        for (int i = 0, n = h.headerCount(); i < n; i++) {
            if (!forwarded(i)) {
                continue;
            }
            int start = h.lineStart(i);
            int end = h.lineEnd(i);
            // a value holds no CR, so a CR right after it ends the line (and an LF follows)
            int next = in[end] == '\r' ? end + 2 : -1;
            if (runStart >= 0 && start == runEnd && next > 0) {
                runEnd = next;
                continue;
            }
            if (runStart >= 0) {
                out.writeBytes(in, runStart, runEnd - runStart);
                runStart = -1;
            }
            if (next > 0) {
                runStart = start;
                runEnd = next;
            } else {
                out.writeBytes(in, start, end - start);
                out.writeShort(CRLF);
            }
        }
        if (runStart >= 0) {
            out.writeBytes(in, runStart, runEnd - runStart);
        }
        if (framing == Framing.CHUNKED && upstreamFraming != Framing.CHUNKED) {
            out.writeBytes(CHUNKED);
        }
        if (requestId != null) {
            out.writeBytes(X_REQUEST_ID);
            out.writeCharSequence(requestId, StandardCharsets.ISO_8859_1);
            out.writeShort(CRLF);
        }
        switch (connection) {
            case CLOSE -> out.writeBytes(CLOSE);
            case KEEP_ALIVE -> out.writeBytes(KEEP_ALIVE);
            case UPGRADE -> out.writeBytes(UPGRADE);
            default -> {
            }
        }
        out.writeShort(CRLF);
        return out;
    }

    /**
     * The head for an HTTP/2 client, through Netty's HTTP/1-to-HTTP/2 conversion (which drops the
     * connection-specific headers and lower-cases names). Copies names and values: HTTP/2 is not the
     * path this class makes cheap.
     */
    HttpResponse toHttpResponse() {
        ResponseHead h = head;
        HttpHeaders headers = HeaderNames.HEADERS.newHeaders();
        for (int i = 0, n = h.headerCount(); i < n; i++) {
            if (forwarded(i)) {
                headers.add(h.name(i), h.value(i));
            }
        }
        if (requestId != null) {
            headers.set(ProxyHeaders.X_REQUEST_ID, requestId);
        }
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(h.status()), headers);
    }

    /** Whether the upstream's header line {@code i} goes to the client. */
    private boolean forwarded(int i) {
        ResponseHead h = head;
        switch (h.nameLength(i)) {
            case 2:
                return !h.named(i, HttpHeaderNames.TE) && !h.namedByConnection(i);
            case 7:
                if (h.named(i, HttpHeaderNames.TRAILER)) {
                    return false;
                }
                if (h.named(i, HttpHeaderNames.UPGRADE)) {
                    return connection == Connection.UPGRADE;
                }
                break;
            case 10:
                if (h.named(i, HttpHeaderNames.CONNECTION) || h.named(i, HttpHeaderNames.KEEP_ALIVE)) {
                    return false;
                }
                break;
            case 12:
                if (h.named(i, ProxyHeaders.X_REQUEST_ID)) {
                    return requestId == null;
                }
                break;
            case 14:
                if (h.named(i, HttpHeaderNames.CONTENT_LENGTH)) {
                    // the first only: RFC 9110 8.6 lets a recipient merge repeats of one length into one
                    return i == h.contentLengthField()
                            && (upstreamFraming == Framing.LENGTH || upstreamFraming == Framing.NONE && framable());
                }
                break;
            case 16:
                if (h.named(i, HttpHeaderNames.PROXY_CONNECTION)) {
                    return false;
                }
                break;
            case 17:
                if (h.named(i, HttpHeaderNames.TRANSFER_ENCODING)) {
                    return !http10 && (framing == Framing.CHUNKED || framing == Framing.NONE && framable());
                }
                break;
            default:
                break;
        }
        return !h.namedByConnection(i);
    }

    /** Whether the status may carry framing headers at all (RFC 9110: not 1xx, not 204). */
    private boolean framable() {
        int status = head.status();
        return status >= 200 && status != 204;
    }
}
