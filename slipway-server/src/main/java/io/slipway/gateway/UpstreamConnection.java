package io.slipway.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler at the end of one upstream connection: hands response parts to the exchange it
 * currently serves (a client connection's, or a mirrored copy), or sits idle in its pool.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(UpstreamConnection.class);

    /** What an upstream connection taken from its pool serves: a {@link ProxyHandler} or a {@link Mirror}. */
    interface Receiver {
        /** A part of the upstream's response; the receiver owns it. */
        void onUpstreamRead(Object msg);

        /** The end of one batch of reads. */
        void onUpstreamReadComplete();

        void onUpstreamWritabilityChanged();

        /** {@code c} closed while serving this receiver. */
        void onUpstreamClosed(UpstreamConnection c);
    }

    final UpstreamPool pool;
    private final ResponseDecoder decoder;
    Channel channel;
    Receiver exchange;
    long idleSince;

    UpstreamConnection(UpstreamPool pool, ResponseDecoder decoder) {
        this.pool = pool;
        this.decoder = decoder;
    }

    /** The request about to be written is HEAD ({@code head}) or asks for an upgrade ({@code upgrade}). */
    void expect(boolean head, boolean upgrade) {
        decoder.expect(head, upgrade);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exchange != null) {
            exchange.onUpstreamRead(msg);
        } else {
            // an idle keep-alive connection must not send anything: drop it
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onUpstreamWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onUpstreamClosed(this);
        } else {
            pool.remove(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("upstream connection error upstream={} error={}", pool.upstream(), cause.toString());
        ctx.close();
    }

    /** Closes without telling the receiver (it has already given up on this connection). */
    void close() {
        exchange = null;
        channel.close();
    }
}
