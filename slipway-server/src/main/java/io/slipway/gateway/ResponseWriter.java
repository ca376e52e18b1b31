package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.slipway.gateway.ResponseHead.Framing;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes responses to an HTTP/1.x client: a {@link ForwardedResponse} head as the bytes it encodes to,
 * an {@code HttpResponse} the gateway made itself ({@link ErrorReply}), and then the body parts
 * ({@code HttpContent}) framed as that head said: as they are, or as chunks. Raw {@code ByteBuf}s pass
 * through. The outbound half of what Netty's server codec was; requests are still decoded by Netty.
 */
final class ResponseWriter extends ChannelOutboundHandlerAdapter {
    private static final ByteBuf CRLF = constant("\r\n");
    private static final ByteBuf LAST_CHUNK = constant("0\r\n\r\n");
    private static final short CRLF_SHORT = ('\r' << 8) | '\n';

    /** How the body parts of the response being written are framed. */
    private Framing body = Framing.NONE;

    private static ByteBuf constant(String s) {
        return Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(s.length()).writeBytes(s.getBytes(StandardCharsets.US_ASCII))).asReadOnly();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ForwardedResponse f) {
            body = f.framing();
            ctx.write(f.encode(ctx.alloc()), promise);
        } else if (msg instanceof HttpResponse r) {
            generated(ctx, r, promise);
        } else if (msg instanceof HttpContent c) {
            content(ctx, c, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /** A response the gateway made: head from its header objects; a full response's body right after. */
    private void generated(ChannelHandlerContext ctx, HttpResponse r, ChannelPromise promise) {
        ByteBuf head = ctx.alloc().buffer(256);
        head.writeCharSequence("HTTP/1.1 ", StandardCharsets.US_ASCII);
        head.writeCharSequence(r.status().codeAsText(), StandardCharsets.US_ASCII);
        head.writeByte(' ');
        head.writeCharSequence(r.status().reasonPhrase(), StandardCharsets.ISO_8859_1);
        head.writeShort(CRLF_SHORT);
        HttpHeaders h = r.headers();
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            ByteBufUtil.writeAscii(head, e.getKey());
            head.writeByte(':').writeByte(' ');
            head.writeCharSequence(e.getValue(), StandardCharsets.ISO_8859_1);
            head.writeShort(CRLF_SHORT);
        }
        head.writeShort(CRLF_SHORT);
        if (r instanceof FullHttpResponse full) {
            body = Framing.NONE;
            ctx.write(head, ctx.voidPromise());
            ctx.write(full.content(), promise);
        } else {
            body = HttpUtil.isTransferEncodingChunked(r) ? Framing.CHUNKED : Framing.LENGTH;
            ctx.write(head, promise);
        }
    }

    private void content(ChannelHandlerContext ctx, HttpContent c, ChannelPromise promise) {
        boolean last = c instanceof LastHttpContent;
        Framing framing = body;
        if (last) {
            body = Framing.NONE;
        }
        ByteBuf data = c.content();
        switch (framing) {
            case LENGTH, CLOSE -> ctx.write(data, promise);
            case CHUNKED -> chunk(ctx, data, last ? (LastHttpContent) c : null, promise);
            default -> {
                c.release();
                ctx.write(Unpooled.EMPTY_BUFFER, promise);
            }
        }
    }

    /** {@code data} as one chunk (none if empty), and the last chunk and trailers after it if {@code last}. */
    private static void chunk(ChannelHandlerContext ctx, ByteBuf data, LastHttpContent last, ChannelPromise promise) {
        int n = data.readableBytes();
        if (n == 0) {
            data.release();
            if (last == null) {
                ctx.write(Unpooled.EMPTY_BUFFER, promise);
                return;
            }
        } else {
            ByteBuf size = ctx.alloc().buffer(10);
            ByteBufUtil.writeAscii(size, Integer.toHexString(n));
            size.writeShort(CRLF_SHORT);
            ctx.write(size, ctx.voidPromise());
            ctx.write(data, ctx.voidPromise());
            if (last == null) {
                ctx.write(CRLF.duplicate(), promise);
                return;
            }
            ctx.write(CRLF.duplicate(), ctx.voidPromise());
        }
        HttpHeaders trailers = last.trailingHeaders();
        if (trailers.isEmpty()) {
            ctx.write(LAST_CHUNK.duplicate(), promise);
            return;
        }
        ByteBuf end = ctx.alloc().buffer(128);
        end.writeByte('0').writeShort(CRLF_SHORT);
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = trailers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            ByteBufUtil.writeAscii(end, e.getKey());
            end.writeByte(':').writeByte(' ');
            end.writeCharSequence(e.getValue(), StandardCharsets.ISO_8859_1);
            end.writeShort(CRLF_SHORT);
        }
        end.writeShort(CRLF_SHORT);
        ctx.write(end, promise);
    }
}
