package io.slipway.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * Between Netty's HTTP/2-stream-to-HTTP/1 codec and {@link ProxyHandler}: gives the proxy the same
 * message shapes an HTTP/1.1 connection gives it, and the codec shapes it can encode.
 *
 * <p>Requests: drops the {@code x-http2-*} headers the conversion adds (stream id, scheme), keeps
 * one Host (from {@code :authority}), and splits a request that ended with its headers (a
 * FullHttpRequest) into head and last content. Responses: a 1xx head goes out as one complete
 * message (the codec refuses a bare head), and the empty last content that follows it upstream
 * is dropped. Connection-specific response headers (Connection, Keep-Alive, Transfer-Encoding,
 * Upgrade) are removed by the codec's conversion itself. Closing after a complete response ends
 * the stream without error.
 */
final class Http2AsHttp1 extends ChannelDuplexHandler {
    private static final HttpConversionUtil.ExtensionHeaderNames[] EXTENSIONS =
            HttpConversionUtil.ExtensionHeaderNames.values();
    private boolean informational;
    private boolean requestDone;
    private boolean responseDone;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        requestDone |= msg instanceof LastHttpContent;
        if (!(msg instanceof HttpRequest r)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpHeaders h = r.headers();
        for (HttpConversionUtil.ExtensionHeaderNames e : EXTENSIONS) {
            h.remove(e.text());
        }
        String host = h.get(HttpHeaderNames.HOST);
        if (host != null) {
            // :authority comes first; a Host header sent besides it must not make a second one
            h.set(HttpHeaderNames.HOST, host);
        }
        if (r instanceof FullHttpRequest full) {
            ctx.fireChannelRead(new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), h));
            LastHttpContent last = full.content().isReadable() || !full.trailingHeaders().isEmpty()
                    ? new DefaultLastHttpContent(full.content(), full.trailingHeaders())
                    : LastHttpContent.EMPTY_LAST_CONTENT;
            if (last == LastHttpContent.EMPTY_LAST_CONTENT) {
                full.release();
            }
            ctx.fireChannelRead(last);
        } else {
            ctx.fireChannelRead(r);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ForwardedResponse f) {
            msg = f.toHttpResponse();
        }
        if (msg instanceof HttpResponse r && !(msg instanceof FullHttpResponse)
                && r.status().codeClass() == HttpStatusClass.INFORMATIONAL && r.status().code() != 101) {
            informational = true;
            // HTTP/1.1 servers (the JDK's among them) may frame a 1xx with Content-Length: 0, which HTTP/2
            // clients take as the length of the final response's body
            r.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            r.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            ctx.write(new DefaultFullHttpResponse(r.protocolVersion(), r.status(), Unpooled.EMPTY_BUFFER, r.headers(),
                    EmptyHttpHeaders.INSTANCE), promise);
        } else if (informational && msg instanceof LastHttpContent last) {
            informational = false;
            last.release();
            promise.trySuccess();
        } else {
            responseDone |= msg instanceof LastHttpContent;
            ctx.write(msg, promise);
        }
    }

    /**
     * Closing a stream whose response went out complete while the request is still coming (an
     * early 413, 502, 504): RFC 9113 section 8.1 asks the client to stop sending with NO_ERROR,
     * where closing would otherwise reset the stream with CANCEL, an error to the client.
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (responseDone && !requestDone && ctx.channel().isActive()) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
        }
        ctx.close(promise);
    }
}
