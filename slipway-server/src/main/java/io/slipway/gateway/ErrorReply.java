package io.slipway.gateway;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** A response the gateway generates itself (400, 431, 502, 503, 504): small JSON naming the app. */
final class ErrorReply {
    private ErrorReply() {
    }

    static FullHttpResponse of(ByteBufAllocator alloc, int code, String app, String error, String requestId,
                               boolean keepAlive) {
        String json = "{\"error\":\"" + escape(error) + "\",\"app\":\"" + escape(app)
                + "\",\"requestId\":\"" + escape(requestId) + "\"}\n";
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code),
                ByteBufUtil.writeUtf8(alloc, json));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(ProxyHeaders.X_REQUEST_ID, requestId)
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return response;
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 0x20) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
