package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.function.IntConsumer;

/**
 * Slow clients (slowloris): a request head must arrive completely within {@code timeoutNanos},
 * counted from connection accept for the first request and from the first byte of the head on a
 * keep-alive connection (an idle keep-alive connection is the idle timeout's business). When it
 * does not, answers 408 and closes, or just closes when not a byte of a head came.
 *
 * <p>Sits after the HTTP codec to see decoded heads and written responses; {@link #bytes} sits
 * before it to see the first raw byte of a head.
 */
final class RequestHeadDeadline extends ChannelDuplexHandler {
    private final String app;
    private final long timeoutNanos;
    private final IntConsumer onReject;
    /** Before the codec: notices the raw bytes of a head in the making. */
    final ChannelInboundHandlerAdapter bytes = new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext raw, Object msg) {
            if (msg instanceof ByteBuf b && b.isReadable()) {
                onBytes();
            }
            raw.fireChannelRead(msg);
        }
    };
    private ChannelHandlerContext ctx;
    private HeadTimer timer;
    private boolean armed;
    /** Heads received minus responses finished: 0 while waiting for the next head. */
    private int pending;
    private boolean headStarted;
    private boolean informational;

    RequestHeadDeadline(String app, long timeoutNanos, IntConsumer onReject) {
        this.app = app;
        this.timeoutNanos = timeoutNanos;
        this.onReject = onReject;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timer = new HeadTimer(ctx.executor(), timeoutNanos, this::expired);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            pending++;
            headStarted = false;
            disarm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse r && r.status().code() < 200) {
            informational = true;
        }
        if (msg instanceof LastHttpContent) {
            if (informational) {
                informational = false;
            } else if (pending > 0) {
                pending--;
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    private void onBytes() {
        if (pending == 0) {
            headStarted = true;
            arm();
        }
    }

    private void arm() {
        if (!armed) {
            armed = true;
            timer.restart();
        }
    }

    private void disarm() {
        armed = false;
        timer.stop();
    }

    private void expired() {
        armed = false;
        if (pending > 0 || !ctx.channel().isActive()) {
            return;
        }
        if (!headStarted) {
            ctx.close();
            return;
        }
        onReject.accept(408);
        pending++; // the 408 is a response of its own: nothing is awaited after it
        var reply = ErrorReply.of(ctx.alloc(), 408, app, "request head not received in time",
                ProxyHeaders.newRequestId(), false);
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }
}
