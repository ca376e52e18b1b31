package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.slipway.gateway.ResponseHead.Framing;
import java.nio.charset.StandardCharsets;

/**
 * Writes responses to an HTTP/1.x client: a {@link ForwardedResponse} head as the bytes it encodes to,
 * an {@code HttpResponse} the gateway made itself ({@link ErrorReply}), and then the body parts
 * ({@code HttpContent}) framed as that head said: as they are, or as chunks. Raw {@code ByteBuf}s pass
 * through. The outbound half of what Netty's server codec was; requests are still decoded by Netty.
 */
final class ResponseWriter extends MessageWriter {
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
        headerLines(head, r.headers());
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
}
