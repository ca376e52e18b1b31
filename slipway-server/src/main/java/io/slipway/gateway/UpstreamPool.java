package io.slipway.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * Idle keep-alive connections to one upstream, owned by one event loop and touched only from it.
 * LIFO: the most recently used connection is reused first, so a few stay hot and the rest age
 * out through {@link #closeIdle}.
 */
final class UpstreamPool {
    static final int MAX_IDLE = 128;

    private final Upstream upstream;
    private final Bootstrap bootstrap;
    private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
    private boolean closed;

    UpstreamPool(Bootstrap template, Upstream upstream) {
        this.upstream = upstream;
        UpstreamPool pool = this;
        this.bootstrap = template.clone()
                .remoteAddress(new InetSocketAddress(upstream.host(), upstream.port()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        var decoder = new ResponseDecoder();
                        ch.pipeline().addLast(new RequestWriter(), decoder, new UpstreamConnection(pool, decoder));
                    }
                });
    }

    Upstream upstream() {
        return upstream;
    }

    /** A live idle connection, or null. */
    UpstreamConnection poll() {
        UpstreamConnection c;
        while ((c = idle.pollFirst()) != null) {
            if (c.channel.isActive()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** A new connection; its {@link UpstreamConnection} is the last handler of the pipeline. */
    ChannelFuture connect() {
        return bootstrap.connect();
    }

    void release(UpstreamConnection c) {
        c.exchange = null;
        if (closed || !c.channel.isActive() || idle.size() >= MAX_IDLE) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        c.channel.config().setAutoRead(true);
        idle.addFirst(c);
    }

    void remove(UpstreamConnection c) {
        idle.remove(c);
    }

    /** Closes connections idle for longer than {@code maxIdleNanos}. */
    void closeIdle(long now, long maxIdleNanos) {
        UpstreamConnection c;
        while ((c = idle.peekLast()) != null && now - c.idleSince > maxIdleNanos) {
            idle.pollLast();
            c.close();
        }
    }

    int idleCount() {
        return idle.size();
    }

    void close() {
        closed = true;
        UpstreamConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }
}
