package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import io.slipway.gateway.ResponseHead.Framing;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * What {@link ResponseWriter} (to clients) and {@link RequestWriter} (to upstreams) share: the body
 * parts ({@code HttpContent}) of the message whose head went out last, framed as that head said, as
 * they are or as chunks (with the trailers of the last part), and header lines from header objects.
 */
abstract class MessageWriter extends ChannelOutboundHandlerAdapter {
    static final short CRLF_SHORT = ('\r' << 8) | '\n';
    private static final ByteBuf CRLF = constant("\r\n");
    private static final ByteBuf LAST_CHUNK = constant("0\r\n\r\n");

    /** How the body parts of the message being written are framed. */
    protected Framing body = Framing.NONE;

    private static ByteBuf constant(String s) {
        return Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(s.length()).writeBytes(s.getBytes(StandardCharsets.US_ASCII))).asReadOnly();
    }

    /** Writes {@code name: value} CRLF as Netty's encoders do (characters above 0x7f as '?'). */
    static void headerLine(ByteBuf out, CharSequence name, CharSequence value) {
        ByteBufUtil.writeAscii(out, name);
        out.writeByte(':').writeByte(' ');
        ByteBufUtil.writeAscii(out, value);
        out.writeShort(CRLF_SHORT);
    }

    static void headerLines(ByteBuf out, HttpHeaders headers) {
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            headerLine(out, e.getKey(), e.getValue());
        }
    }

    protected void content(ChannelHandlerContext ctx, HttpContent c, ChannelPromise promise) {
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
        headerLines(end, trailers);
        end.writeShort(CRLF_SHORT);
        ctx.write(end, promise);
    }
}
