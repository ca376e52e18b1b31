package io.slipway.gateway;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The request body limit ({@code maxBodyMegabytes}), applied by {@link ProxyHandler} to each
 * decoded message. A head announcing a larger Content-Length is marked failed before any upstream
 * is contacted; a chunked body growing past the limit is cut with a failed last content. Both fail
 * with {@link TooLarge}, which {@link ProxyHandler} answers with 413 (or a close once the response
 * started) after aborting the upstream request. What the client sends after that is dropped, and
 * the connection lingers before closing (see {@link #LINGER_MILLIS}).
 */
final class BodyLimit {
    /**
     * How long a connection closed for an oversized body keeps reading (and dropping) what the
     * client still sends: closing with unread bytes resets the connection, and the reset makes
     * the client's TCP stack discard the 413 before the client reads it.
     */
    static final long LINGER_MILLIS = 2000;

    /** The decoder-result cause of a request whose body exceeds the limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("request body exceeds " + limit + " bytes", null, false, false);
        }
    }

    private final long limit;
    private long received;
    private boolean exceeded;

    BodyLimit(long limitBytes) {
        this.limit = limitBytes;
    }

    /** {@code msg}, or a failed replacement once the limit is passed, or null (released) after that. */
    Object check(Object msg) {
        if (exceeded) {
            ReferenceCountUtil.release(msg);
            return null;
        }
        if (msg instanceof HttpRequest r) {
            received = 0;
            if (r.decoderResult().isSuccess() && HttpUtil.getContentLength(r, -1L) > limit) {
                exceeded = true;
                r.setDecoderResult(DecoderResult.failure(new TooLarge(limit)));
            }
        }
        if (!exceeded && msg instanceof HttpContent c) {
            received += c.content().readableBytes();
            if (received > limit) {
                exceeded = true;
                c.release();
                LastHttpContent cut = new DefaultLastHttpContent();
                cut.setDecoderResult(DecoderResult.failure(new TooLarge(limit)));
                return cut;
            }
        }
        return msg;
    }

    /** The limit was passed on this connection: close it lingering. */
    boolean exceeded() {
        return exceeded;
    }
}
