package io.slipway.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.slipway.gateway.ResponseHead.Framing;

/**
 * Writes requests to an upstream: a {@link ForwardedRequest} head as the bytes it encodes to (the
 * client's request rewritten for the upstream while it is written, with no header object changed),
 * then its body parts framed as its head says: chunked if it says so, else as they are. Raw
 * {@code ByteBuf}s (a {@link Mirror}'s copy, encoded once for all mirrors) pass through.
 */
final class RequestWriter extends MessageWriter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ForwardedRequest f) {
            body = f.chunked() ? Framing.CHUNKED : Framing.LENGTH;
            ctx.write(f.encode(ctx.alloc(), false), promise);
        } else if (msg instanceof HttpContent c) {
            content(ctx, c, promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
