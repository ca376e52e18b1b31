package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * The primary's side of one mirrored request, driven by its {@link ProxyHandler}: buffers a copy
 * of the request (head as rewritten for upstreams, plus {@code X-Slipway-Mirror: 1}, without Expect; body of at
 * most {@link Mirroring#MAX_BODY_BYTES}), sends it to each {@link Mirror} once the request is
 * complete, and digests the primary's answer as it streams to the client, for each mirror to
 * compare with its own. Touched from the client connection's event loop only.
 */
final class Shadow {
    /** Marks a copy, so the app can skip side effects; the gateway removes it from client requests. */
    static final AsciiString X_SLIPWAY_MIRROR = AsciiString.cached("x-slipway-mirror");

    private final List<Mirror> mirrors = new ArrayList<>(2);
    /** The copy's head, encoded once for all mirrors. */
    private ByteBuf head;
    private final boolean headRequest;
    private final ByteBufAllocator alloc;
    private final int bodyLength;
    private final Answer primary = new Answer();
    private ByteBuf body;
    private boolean sent;
    private boolean answered;

    Shadow(ForwardedRequest request, ByteBufAllocator alloc) {
        this.head = request.encode(alloc, true);
        this.headRequest = HttpMethod.HEAD.equals(request.request().method());
        this.alloc = alloc;
        this.bodyLength = (int) HttpUtil.getContentLength(request.request(), 0L);
    }

    void add(Mirror m) {
        mirrors.add(m);
    }

    /** A part of the client's request body (still owned by the caller); sends the copies after the last. */
    void requestPart(HttpContent part, boolean last) {
        ByteBuf b = part.content();
        if (b.isReadable() && bodyLength > 0) {
            if (body == null) {
                body = alloc.buffer(bodyLength, bodyLength);
            }
            body.writeBytes(b, b.readerIndex(), Math.min(b.readableBytes(), body.writableBytes()));
        }
        if (last) {
            send();
        }
    }

    private void send() {
        sent = true;
        ByteBuf copy = body == null ? Unpooled.EMPTY_BUFFER : body;
        for (Mirror m : mirrors) {
            m.send(head.retainedDuplicate(), headRequest, copy.retainedDuplicate());
        }
        releaseBody();
    }

    void responseHead(int status) {
        primary.status = status;
    }

    /** A part of the primary's response body, before it goes to the client. */
    void responseBody(ByteBuf part) {
        primary.body(part);
    }

    /** The primary's response completed: each mirror compares once its own answer is complete. */
    void responseDone() {
        answered = true;
        primary.complete();
        for (Mirror m : mirrors) {
            m.primaryAnswered(primary);
        }
    }

    /**
     * The exchange is over. Copies not sent yet (the response ended before the request did) are
     * dropped; without a complete primary answer there is nothing to compare with.
     */
    void exchangeEnded() {
        for (Mirror m : mirrors) {
            if (!sent) {
                m.drop();
            } else if (!answered) {
                m.primaryFailed();
            }
        }
        releaseBody();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
        if (head != null) {
            head.release();
            head = null;
        }
    }
}
