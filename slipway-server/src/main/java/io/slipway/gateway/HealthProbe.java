package io.slipway.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One readiness probe: {@code GET path} on a fresh connection, ok when a 2xx head arrives within
 * the timeout. Runs entirely on an event loop, so it never blocks and needs no extra threads.
 */
final class HealthProbe extends SimpleChannelInboundHandler<HttpObject> {
    private final Upstream upstream;
    private final String path;
    private final Consumer<Boolean> result;
    private boolean done;

    private HealthProbe(Upstream upstream, String path, Consumer<Boolean> result) {
        this.upstream = upstream;
        this.path = path;
        this.result = result;
    }

    static void run(GatewayRuntime rt, Upstream upstream, String path, Duration timeout, Consumer<Boolean> result) {
        HealthProbe probe = new HealthProbe(upstream, path, result);
        ChannelFuture connect = new Bootstrap()
                .group(rt.group())
                .channel(rt.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), probe);
                    }
                })
                .connect(upstream.host(), upstream.port());
        Channel ch = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                probe.finish(false);
            }
        });
        ch.eventLoop().schedule(() -> {
            probe.finish(false);
            ch.close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, upstream.toString())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.USER_AGENT, "slipway-health");
        ctx.writeAndFlush(request);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpResponse response) {
            int code = response.status().code();
            finish(response.decoderResult().isSuccess() && code >= 200 && code < 300);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(false);
        ctx.close();
    }

    private void finish(boolean ok) {
        if (!done) {
            done = true;
            result.accept(ok);
        }
    }
}
