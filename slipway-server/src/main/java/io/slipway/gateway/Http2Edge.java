package io.slipway.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.slipway.config.GatewayConfig;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/2 connections of a TLS listener. Each stream is a child channel running the same
 * {@link ProxyHandler} (with its body limit and timeouts) as an HTTP/1.1 connection, behind Netty's
 * stream-to-HTTP/1 codec and {@link Http2AsHttp1}: one stream is one exchange, proxied to an
 * HTTP/1.1 upstream from the pool of the connection's event loop, with backpressure per stream
 * (a stream that stops reading stops returning flow-control window).
 *
 * <p>A connection without open streams closes after {@code idleTimeout}; a drain sends GOAWAY so
 * that clients send new requests elsewhere while open streams finish.
 */
final class Http2Edge {
    private static final Logger log = LoggerFactory.getLogger(Http2Edge.class);
    static final int MAX_CONCURRENT_STREAMS = 256;
    /**
     * Unread data of every stream counts against the connection window too: at the default 64 KB a
     * single stream waiting for its upstream could hold all of it and stall the others.
     */
    static final int CONNECTION_WINDOW = 1024 * 1024;

    private final Gateway gateway;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ChannelInitializer<Http2StreamChannel> streams;

    Http2Edge(Gateway gateway) {
        this.gateway = gateway;
        this.streams = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new Http2AsHttp1(),
                        new ProxyHandler(gateway));
            }
        };
    }

    /** Makes {@code p}, a connection that negotiated h2, an HTTP/2 server connection. */
    void configure(ChannelPipeline p) {
        GatewayConfig cfg = gateway.config();
        Http2FrameCodec codec = new CodecBuilder()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(cfg.maxHeaderBytes()))
                // A drain waits for the streams itself (after GOAWAY); close() means now, as for HTTP/1.1.
                .gracefulShutdownTimeoutMillis(0)
                .build();
        p.addLast(new IdleStateHandler(cfg.idleTimeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS), codec,
                new Http2MultiplexHandler(streams), new ConnectionEvents(codec));
        connections.add(p.channel());
        p.channel().writeAndFlush(new DefaultHttp2WindowUpdateFrame(
                CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE));
        if (gateway.draining()) {
            goAway(p.channel());
        }
    }

    /** Tells every client to open no new streams here; open streams go on. */
    void goAway() {
        connections.forEach(Http2Edge::goAway);
    }

    private static void goAway(Channel ch) {
        ch.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
    }

    /** Builds {@link Codec}s; the same as {@link Http2FrameCodecBuilder#forServer()} otherwise. */
    private final class CodecBuilder extends Http2FrameCodecBuilder {
        CodecBuilder() {
            server(true);
        }

        @Override
        protected Http2FrameCodec build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                        Http2Settings initialSettings) {
            Codec codec = new Codec(encoder, decoder, initialSettings, decoupleCloseAndGoAway(), flushPreface());
            codec.gracefulShutdownTimeoutMillis(gracefulShutdownTimeoutMillis());
            return codec;
        }
    }

    /** Counts the 431s the codec answers itself, for a header list over {@code maxHeaderBytes}. */
    private final class Codec extends Http2FrameCodec {
        Codec(Http2ConnectionEncoder encoder, Http2ConnectionDecoder decoder, Http2Settings initialSettings,
              boolean decoupleCloseAndGoAway, boolean flushPreface) {
            super(encoder, decoder, initialSettings, decoupleCloseAndGoAway, flushPreface);
        }

        @Override
        protected void handleServerHeaderDecodeSizeError(ChannelHandlerContext ctx, Http2Stream stream) {
            gateway.rejected(431, "request head too large", String.valueOf(ctx.channel().remoteAddress()));
            super.handleServerHeaderDecodeSizeError(ctx, stream);
        }
    }

    /**
     * Ends the connection pipeline: closes it when idle without streams, logs errors no stream took,
     * drops the connection-level frames the multiplexer passes on (SETTINGS, PING, GOAWAY).
     */
    private final class ConnectionEvents extends ChannelInboundHandlerAdapter {
        private final Http2FrameCodec codec;

        ConnectionEvents(Http2FrameCodec codec) {
            this.codec = codec;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof IdleStateEvent)) {
                ctx.fireUserEventTriggered(evt);
            } else if (codec.connection().numActiveStreams() == 0) {
                log.debug("client idle timeout app={} client={} protocol=h2", gateway.app(),
                        ctx.channel().remoteAddress());
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("client connection error app={} client={} protocol=h2 error={}", gateway.app(),
                    ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
