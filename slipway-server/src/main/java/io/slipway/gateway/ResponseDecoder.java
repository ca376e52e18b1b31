package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Reads an upstream connection's responses without decoding their heads into objects: emits the
 * connection's {@link ResponseHead} (one object per connection, parsed again for each response, so a
 * receiver uses it at once and keeps nothing of it), then the body as {@code HttpContent}
 * slices of the read buffer (de-chunked), then a {@code LastHttpContent}, as Netty's codec does. After
 * a {@code 101} to an upgrade request it passes raw bytes on. A response it cannot trust (a malformed
 * head, a bad chunk size) is a {@link Failure}; everything after it is dropped, the connection is
 * done.
 *
 * <p>Which request a response answers matters to its framing (a response to HEAD has no body; only an
 * upgrade request may be answered 101): whoever writes a request calls {@link #expect} first. One
 * request is in flight per upstream connection at a time.
 */
final class ResponseDecoder extends ByteToMessageDecoder {
    /** Response heads, and trailer sections, larger than this are refused. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** A chunk-size line (size and extensions) longer than this is refused. */
    static final int MAX_CHUNK_LINE = 1024;
    /** Chunks larger than this (1 TiB) are refused: the size would overflow long before it mattered. */
    private static final long MAX_CHUNK_SIZE = 1L << 40;

    /** A response the gateway refuses to forward; {@code reason} says why. */
    record Failure(String reason) {
    }

    private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, CLOSE, UPGRADED, FAILED }

    private final ResponseHead head = new ResponseHead();
    private State state = State.HEAD;
    private long remaining;
    private boolean headRequest;
    private boolean upgradeRequest;
    /** A head went into this decode call's output: the next must wait until it was handed on (it is one object). */
    private boolean headOut;

    /** The next response answers a HEAD request ({@code head}) or an upgrade request ({@code upgrade}). */
    void expect(boolean head, boolean upgrade) {
        headRequest = head;
        upgradeRequest = upgrade;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        headOut = false;
        try {
            while (step(in, out)) {
                // on to the next part
            }
        } catch (ResponseHead.Malformed e) {
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            out.add(new Failure(e.getMessage()));
        }
    }

    /** Decodes one part; returns whether to go on with what is left. */
    private boolean step(ByteBuf in, List<Object> out) {
        switch (state) {
            case HEAD:
                return head(in, out);
            case LENGTH:
            case CHUNK_DATA:
            case CLOSE:
                return body(in, out);
            case CHUNK_SIZE:
                return chunkSize(in);
            case CHUNK_END:
                return chunkEnd(in);
            case TRAILERS:
                return trailers(in, out);
            case UPGRADED:
                if (in.isReadable()) {
                    out.add(in.readRetainedSlice(in.readableBytes()));
                }
                return false;
            default:
                in.skipBytes(in.readableBytes());
                return false;
        }
    }

    private boolean head(ByteBuf in, List<Object> out) {
        if (headOut || !in.isReadable() || !head.parse(in, MAX_HEAD_BYTES)) {
            return false;
        }
        headOut = true;
        in.skipBytes(head.length());
        int status = head.status();
        if (status == 101) {
            if (!upgradeRequest) {
                throw new ResponseHead.Malformed("101 Switching Protocols to a request that asked for no upgrade");
            }
            state = State.UPGRADED;
            out.add(head);
            // the receiver splices the connection into a tunnel, removing this decoder: what follows
            // the head stays in the cumulation, which Netty hands to the next handler on removal
            return false;
        }
        out.add(head);
        switch (head.framing(headRequest)) {
            case NONE:
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
                return true;
            case LENGTH:
                remaining = head.contentLength();
                if (remaining == 0) {
                    out.add(LastHttpContent.EMPTY_LAST_CONTENT);
                } else {
                    state = State.LENGTH;
                }
                return true;
            case CHUNKED:
                state = State.CHUNK_SIZE;
                return true;
            default:
                state = State.CLOSE;
                return true;
        }
    }

    private boolean body(ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        if (readable == 0) {
            return false;
        }
        if (state == State.CLOSE) {
            out.add(new DefaultHttpContent(in.readRetainedSlice(readable)));
            return false;
        }
        int n = (int) Math.min(readable, remaining);
        ByteBuf part = in.readRetainedSlice(n);
        remaining -= n;
        if (remaining > 0) {
            out.add(new DefaultHttpContent(part));
            return false;
        }
        if (state == State.LENGTH) {
            out.add(new DefaultLastHttpContent(part));
            state = State.HEAD;
        } else {
            out.add(new DefaultHttpContent(part));
            state = State.CHUNK_END;
        }
        return true;
    }

    /** chunk-size [ chunk-ext ] CRLF: hex digits, then optionally whitespace and ';' extensions. */
    private boolean chunkSize(ByteBuf in) {
        int from = in.readerIndex();
        int lf = in.indexOf(from, Math.min(in.writerIndex(), from + MAX_CHUNK_LINE + 1), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > MAX_CHUNK_LINE) {
                throw new ResponseHead.Malformed("chunk-size line longer than " + MAX_CHUNK_LINE + " bytes");
            }
            return false;
        }
        int end = lf > from && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        long size = 0;
        int i = from;
        for (; i < end; i++) {
            int digit = Character.digit(in.getByte(i), 16);
            if (digit < 0) {
                break;
            }
            size = size * 16 + digit;
            if (size > MAX_CHUNK_SIZE) {
                throw new ResponseHead.Malformed("chunk size over " + MAX_CHUNK_SIZE + " bytes");
            }
        }
        if (i == from || i < end && !extensions(in, i, end)) {
            int shown = Math.min(end, from + 40) - from;
            throw new ResponseHead.Malformed("bad chunk size: " + ResponseHead.quoted(ByteBufUtil.getBytes(in, from, shown), 0, shown));
        }
        in.readerIndex(lf + 1);
        remaining = size;
        state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
        return true;
    }

    /** Whether [from, to) after a chunk size is whitespace then ';' and printable extensions. */
    private static boolean extensions(ByteBuf in, int from, int to) {
        while (from < to && (in.getByte(from) == ' ' || in.getByte(from) == '\t')) {
            from++;
        }
        if (from == to || in.getByte(from) != ';') {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = in.getByte(i) & 0xff;
            if (c < ' ' && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The CRLF (or bare LF) that ends a chunk's data. */
    private boolean chunkEnd(ByteBuf in) {
        int readable = in.readableBytes();
        if (readable == 0) {
            return false;
        }
        byte first = in.getByte(in.readerIndex());
        if (first == '\n') {
            in.skipBytes(1);
        } else if (first != '\r') {
            throw new ResponseHead.Malformed("chunk data longer than its size");
        } else if (readable < 2) {
            return false;
        } else if (in.getByte(in.readerIndex() + 1) != '\n') {
            throw new ResponseHead.Malformed("chunk data longer than its size");
        } else {
            in.skipBytes(2);
        }
        state = State.CHUNK_SIZE;
        return true;
    }

    /** The trailer section after the last chunk: header lines up to an empty line. */
    private boolean trailers(ByteBuf in, List<Object> out) {
        int from = in.readerIndex();
        int limit = Math.min(in.writerIndex(), from + MAX_HEAD_BYTES);
        HttpHeaders trailing = null;
        int lineStart = from;
        while (true) {
            int lf = in.indexOf(lineStart, limit, (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() >= MAX_HEAD_BYTES) {
                    throw new ResponseHead.Malformed("trailer section larger than " + MAX_HEAD_BYTES + " bytes");
                }
                return false;
            }
            int end = lf > lineStart && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            if (end == lineStart) {
                in.readerIndex(lf + 1);
                out.add(trailing == null ? LastHttpContent.EMPTY_LAST_CONTENT
                        : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailing));
                state = State.HEAD;
                return true;
            }
            trailing = trailing == null ? DefaultHttpHeadersFactory.trailersFactory().newHeaders() : trailing;
            ResponseHead.trailer(ByteBufUtil.getBytes(in, lineStart, end - lineStart), 0, end - lineStart, trailing);
            lineStart = lf + 1;
        }
    }

    /** The upstream closed: a body running to the close ends here; anything else cut short is not a response. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (state == State.CLOSE) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            state = State.HEAD;
        }
    }
}
