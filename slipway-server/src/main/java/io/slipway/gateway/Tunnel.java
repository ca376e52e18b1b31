package io.slipway.gateway;

import java.time.Duration;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 Upgrade (WebSocket or any other protocol) after the upstream answered 101: the
 * HTTP codecs leave both connections and raw bytes flow each way, with backpressure (a side stops
 * reading while the other cannot take more), until either side closes, which closes the other
 * once what it was sent is flushed. The upstream connection never returns to a pool.
 *
 * <p>A tunnel that carries no byte either way for {@code gateway.tunnelIdleTimeout} (default 1 h)
 * is closed on both sides, so connections whose peers vanished without a FIN do not pile up;
 * WebSocket peers that want longer silences send pings. The client idle timeout is for keep-alive
 * HTTP connections only.
 */
final class Tunnel {
    private static final Logger log = LoggerFactory.getLogger(Tunnel.class);

    private final Runnable onClosed;
    private boolean closed;
    private final long idleNanos;
    private Deadline idle;

    private Tunnel(Runnable onClosed, long idleNanos) {
        this.onClosed = onClosed;
        this.idleNanos = idleNanos;
    }

    /**
     * The protocol a client asks to switch to, or null: an HTTP/1.1 GET without a body carrying
     * {@code Connection: upgrade} and {@code Upgrade}. Anything else is proxied as plain HTTP,
     * its Upgrade header stripped as hop-by-hop.
     */
    static String requested(HttpRequest r) {
        HttpHeaders h = r.headers();
        String protocol = h.get(HttpHeaderNames.UPGRADE);
        if (protocol == null) {
            return null; // nearly every request: nothing else to look up
        }
        boolean bodyless = !HttpUtil.isTransferEncodingChunked(r) && HttpUtil.getContentLength(r, 0L) == 0;
        if (protocol.isBlank() || !bodyless || !HttpMethod.GET.equals(r.method())
                || !HttpVersion.HTTP_1_1.equals(r.protocolVersion())
                || !h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return null;
        }
        return protocol;
    }

    /**
     * Relays the upstream's 101 to the client and splices the two connections. {@code proxy} is the
     * client connection's HTTP handler, {@code upstream} the upstream connection's; both are replaced.
     * {@code onClosed} runs once, when the first side closes.
     */
    static void open(Channel client, ChannelHandler proxy, UpstreamConnection upstream, ForwardedResponse switched,
                     Duration idleTimeout, Runnable onClosed) {
        client.write(switched, client.voidPromise());

        Tunnel t = new Tunnel(onClosed, idleTimeout.toNanos());
        Channel up = upstream.channel;
        // both connections live on the same event loop (pools are per loop), so one deadline serves both
        t.idle = new Deadline(client.eventLoop(), () -> {
            log.debug("tunnel idle timeout client={} upstream={} after={}", client.remoteAddress(), up.remoteAddress(),
                    idleTimeout);
            t.close(client, up);
        });
        t.idle.restart(t.idleNanos);
        upstream.exchange = null;
        splice(up.pipeline(), upstream, t.new End(client), ResponseDecoder.class);
        splice(client.pipeline(), proxy, t.new End(up), HttpRequestDecoder.class);
        client.config().setAutoRead(up.isWritable());
        up.config().setAutoRead(client.isWritable());
        client.flush();
        up.flush();
        if (!client.isActive() || !up.isActive()) {
            t.close(client, up);
        }
    }

    /**
     * Leaves nothing but the tunnel's end: the HTTP-level handlers (the proxy and its raw-bytes
     * hook, the encoders) must not see raw tunnel bytes. The decoder goes last, so bytes its
     * decoder still holds (sent right after the head) reach the end when it leaves. TLS stays: the
     * tunnel relays what it decrypts.
     */
    private static void splice(ChannelPipeline p, ChannelHandler http, End end, Class<? extends ChannelHandler> codec) {
        p.replace(http, "tunnel", end);
        ChannelHandler codecHandler = p.get(codec);
        for (ChannelHandler h : List.copyOf(p.toMap().values())) {
            if (h != end && h != codecHandler && !(h instanceof SslHandler)) {
                p.remove(h);
            }
        }
        p.remove(codec);
    }

    private void close(Channel a, Channel b) {
        a.close();
        b.close();
        closed();
    }

    private void closed() {
        idle.cancel();
        if (!closed) {
            closed = true;
            onClosed.run();
        }
    }

    /** One side of the tunnel: what it reads goes to {@code peer}. */
    private final class End extends ChannelInboundHandlerAdapter {
        private final Channel peer;

        End(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            idle.restart(idleNanos);
            if (msg instanceof ByteBuf b) {
                peer.write(b, peer.voidPromise());
            } else {
                // a message part a decoder emitted before it left the pipeline
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            peer.config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed();
            if (peer.isActive()) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("tunnel connection error remote={} error={}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
