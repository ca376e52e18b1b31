package io.slipway.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandler;
import io.slipway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a gateway listener speaks below HTTP. Without TLS: nothing, each connection goes straight
 * to the HTTP/1.1 pipeline. With TLS ({@code gateway.tls}): each connection starts with TLS from
 * the listener's {@link ServerCertificate}; then ALPN picks HTTP/2 ({@link Http2Edge}) or the very
 * same HTTP/1.1 pipeline as plain connections (which also carries WebSocket upgrades). A plain
 * HTTP request on the TLS port is answered 400 ({@link PlaintextRefusal}).
 */
final class Edge {
    private static final Logger log = LoggerFactory.getLogger(Edge.class);
    private static final Edge PLAIN = new Edge(null, null, null);

    private final Gateway gateway;
    private final ServerCertificate certificate;
    private final Http2Edge http2;

    private Edge(Gateway gateway, ServerCertificate certificate, Http2Edge http2) {
        this.gateway = gateway;
        this.certificate = certificate;
        this.http2 = http2;
    }

    /**
     * Puts TLS in front of the HTTP/1.1 pipeline {@code b} sets up per connection, if the config
     * asks for it; {@code clients} gets every accepted connection. The certificate files are
     * watched for changes while the listener is open.
     */
    static Edge install(Gateway gateway, ServerBootstrap b, ChannelGroup clients) {
        GatewayConfig cfg = gateway.config();
        if (cfg.tls() == null) {
            return PLAIN;
        }
        var certificate = ServerCertificate.load(gateway.app(), cfg.tls(), cfg.http2(), cfg.requestHeadTimeout());
        Edge edge = new Edge(gateway, certificate, cfg.http2() ? new Http2Edge(gateway) : null);
        ChannelHandler listener = b.config().handler();
        b.handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel server) {
                if (listener != null) {
                    server.pipeline().addLast(listener);
                }
                server.pipeline().addLast(new CertificateWatch(certificate));
            }
        });
        ChannelHandler http1 = b.config().childHandler();
        b.childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                clients.add(ch);
                ch.pipeline().addLast(new PlaintextRefusal(edge::refusedPlaintext),
                        certificate.newHandler(ch.alloc()), edge.new Negotiation(http1));
            }
        });
        return edge;
    }

    /** Whether {@code ch}, a client connection or one of its HTTP/2 streams, came in over TLS. */
    static boolean isTls(Channel ch) {
        Channel connection = ch instanceof Http2StreamChannel ? ch.parent() : ch;
        return connection.pipeline().get(SslHandler.class) != null;
    }

    /** A drain began: HTTP/2 clients are told to open no new streams here. */
    void goAway() {
        if (http2 != null) {
            http2.goAway();
        }
    }

    /** The listener's certificate, or null without TLS. */
    ServerCertificate certificate() {
        return certificate;
    }

    private void refusedPlaintext(String client) {
        gateway.rejected(400, "plain HTTP on the TLS port", client);
    }

    /** Watches the certificate files while the listener is open. */
    private static final class CertificateWatch extends ChannelInboundHandlerAdapter {
        private final ServerCertificate certificate;

        CertificateWatch(ServerCertificate certificate) {
            this.certificate = certificate;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            certificate.watch();
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            certificate.close();
            ctx.fireChannelInactive();
        }
    }

    /** After the handshake: installs the pipeline of the protocol ALPN settled on. */
    private final class Negotiation extends ApplicationProtocolNegotiationHandler {
        private final ChannelHandler http1;

        Negotiation(ChannelHandler http1) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.http1 = http1;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol) && http2 != null) {
                http2.configure(ctx.pipeline());
            } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
                ctx.pipeline().addLast(http1);
                // the HTTP/1.1 handlers came after the connection became active: their clocks (the
                // first request head is due within requestHeadTimeout) start now, after the handshake
                ctx.fireChannelActive();
            } else {
                log.debug("unexpected alpn protocol app={} client={} protocol={}", gateway.app(),
                        ctx.channel().remoteAddress(), protocol);
                ctx.close();
            }
        }

        /**
         * Until the handshake is done only TLS can fail here: scanners, clients that distrust the
         * certificate, resets. Routine, not a gateway problem, so not a warning.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            log.debug("tls handshake failed app={} client={} error={}", gateway.app(), ctx.channel().remoteAddress(),
                    reason.toString());
            ctx.close();
        }
    }
}
