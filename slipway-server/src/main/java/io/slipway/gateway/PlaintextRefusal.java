package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * First on a TLS connection, before the TLS handler: a connection that starts with an HTTP method
 * instead of a TLS record (someone typed http:// for an https:// port) is answered 400 in plain
 * text, as nginx does, instead of being dropped without a word. Anything else goes on to TLS, and
 * this handler leaves the pipeline after the first bytes.
 */
final class PlaintextRefusal extends ChannelInboundHandlerAdapter {
    private static final String BODY = "This port speaks HTTPS: use https:// URLs\n";
    private static final byte[] RESPONSE = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Connection: close\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private final Consumer<String> onRefused;

    /** {@code onRefused} gets the client address of each refused connection. */
    PlaintextRefusal(Consumer<String> onRefused) {
        this.onRefused = onRefused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b && b.isReadable() && isMethodChar(b.getByte(b.readerIndex()))) {
            b.release();
            onRefused.accept(String.valueOf(ctx.channel().remoteAddress()));
            ctx.channel().config().setAutoRead(false);
            // written from here, before the TLS handler: the bytes go out as they are
            ctx.writeAndFlush(Unpooled.wrappedBuffer(RESPONSE)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    /** A TLS record starts with a content type byte (20–23); every HTTP method starts with A–Z. */
    private static boolean isMethodChar(byte first) {
        return first >= 'A' && first <= 'Z';
    }
}
