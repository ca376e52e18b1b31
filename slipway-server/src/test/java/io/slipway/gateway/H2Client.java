package io.slipway.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A frame-level HTTP/2 client over TLS (Netty) for what the JDK client hides or gets wrong: the
 * exact response headers, 1xx heads, GOAWAY (JDK 17's client fails open streams on GOAWAY), early
 * answers to a request still sending (JDK 17's client waits to send the rest), header lists over
 * the server's limit (sent anyway).
 */
final class H2Client implements AutoCloseable {
    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("h2-test-client", true), NioIoHandler.newFactory());

    /** A response as it came in frames (a reset stream fails instead, naming its error code). */
    record Response(List<Http2Headers> informational, Http2Headers headers, String body) {
        int status() {
            return Integer.parseInt(headers.status().toString());
        }
    }

    final CompletableFuture<Integer> goAway = new CompletableFuture<>();
    private final Channel connection;
    private final int port;

    H2Client(int port) throws IOException, InterruptedException {
        this.port = port;
        SslContext ssl = SslContextBuilder.forClient().trustManager(TlsTesting.TRUSTED)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
        connection = new Bootstrap().group(LOOP).channel(NioSocketChannel.class).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(ssl.newHandler(ch.alloc(), "localhost", port),
                        Http2FrameCodecBuilder.forClient().encoderIgnoreMaxHeaderListSize(true).build(),
                        new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()), new GoAwayWatch());
            }
        }).connect("127.0.0.1", port).sync().channel();
        SslHandler handshake = connection.pipeline().get(SslHandler.class);
        handshake.handshakeFuture().await(10, TimeUnit.SECONDS);
        if (!ApplicationProtocolNames.HTTP_2.equals(handshake.applicationProtocol())) {
            throw new IOException("ALPN did not settle on h2 but on " + handshake.applicationProtocol());
        }
    }

    static Http2Headers get(String path) {
        return new DefaultHttp2Headers().method("GET").path(path).scheme("https");
    }

    static Http2Headers post(String path) {
        return new DefaultHttp2Headers().method("POST").path(path).scheme("https");
    }

    /** Opens a stream and sends {@code headers}, then {@code body} unless null. */
    CompletableFuture<Response> send(Http2Headers headers, byte[] body) {
        return send(headers, body, false);
    }

    /** Like {@link #send(Http2Headers, byte[])}, sending {@code body} only once a 1xx head arrived. */
    CompletableFuture<Response> sendAfterContinue(Http2Headers headers, byte[] body) {
        return send(headers, body, true);
    }

    private CompletableFuture<Response> send(Http2Headers headers, byte[] body, boolean awaitContinue) {
        if (headers.authority() == null) {
            headers.authority("127.0.0.1:" + port);
        }
        Collector collector = new Collector();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection).handler(collector).open()
                .syncUninterruptibly().getNow();
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, body == null));
        if (body != null) {
            (awaitContinue ? collector.continued : CompletableFuture.completedFuture(null)).thenRun(() ->
                    stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true)));
        }
        return collector.response;
    }

    boolean isOpen() {
        return connection.isActive();
    }

    @Override
    public void close() {
        connection.close().syncUninterruptibly();
    }

    /** The frames of one stream, collected into a response. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Response> response = new CompletableFuture<>();
        final CompletableFuture<Void> continued = new CompletableFuture<>();
        private final List<Http2Headers> informational = new ArrayList<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private Http2Headers headers;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean end = false;
            if (msg instanceof Http2HeadersFrame h) {
                end = h.isEndStream();
                if (headers == null && h.headers().status().charAt(0) == '1') {
                    informational.add(h.headers());
                    continued.complete(null);
                } else if (headers == null) {
                    headers = h.headers();
                }
            } else if (msg instanceof Http2DataFrame d) {
                end = d.isEndStream();
                body.writeBytes(ByteBufUtil.getBytes(d.content()));
            }
            ReferenceCountUtil.release(msg);
            if (end) {
                response.complete(new Response(informational, headers, body.toString(StandardCharsets.UTF_8)));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame reset) {
                response.completeExceptionally(new IOException("stream reset: " + reset.errorCode()));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            response.completeExceptionally(new IOException("stream closed before it ended"));
        }
    }

    /** Notes the last stream id of a GOAWAY from the server. */
    private final class GoAwayWatch extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2GoAwayFrame g) {
                goAway.complete(g.lastStreamId());
            }
            ReferenceCountUtil.release(msg);
        }
    }
}
