package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Rejects obsolete line folding (a header line starting with a space or tab, RFC 9112 §5.2),
 * which Netty's decoder silently joins to the previous header: a proxy that joins while the
 * upstream splits (or the reverse) disagrees with it about the headers of a request.
 *
 * <p>{@link #bytes} scans the raw head before the codec; this handler, after the codec, marks the
 * decoded request failed so {@link ProxyHandler} answers 400. Scanning restarts once the codec
 * ended the request; the head of a request pipelined in the same read as the previous body is
 * not scanned (Netty joins its folds into one value, which is what the upstream then sees).
 */
final class ObsFold extends ChannelInboundHandlerAdapter {
    /** The decoder-result cause of a request whose head folded a header line. */
    static final class Folded extends IllegalArgumentException {
        Folded() {
            super("obsolete line folding in request head");
        }
    }

    /** Before the codec: scans the bytes of each head. */
    final ChannelInboundHandlerAdapter bytes = new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext raw, Object msg) {
            if (msg instanceof ByteBuf b && scanning) {
                scan(b);
            }
            raw.fireChannelRead(msg);
        }
    };
    private boolean scanning = true;
    private boolean firstLine = true;
    private boolean lineStart = true;
    private boolean lineEmpty = true;
    private boolean folded;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest r && folded) {
            folded = false;
            if (r.decoderResult().isSuccess()) {
                r.setDecoderResult(DecoderResult.failure(new Folded()));
            }
        }
        if (msg instanceof LastHttpContent) {
            scanning = firstLine = lineStart = lineEmpty = true;
        }
        ctx.fireChannelRead(msg);
    }

    private void scan(ByteBuf b) {
        for (int i = b.readerIndex(), end = b.writerIndex(); i < end && scanning; i++) {
            scan(b.getByte(i));
        }
    }

    private void scan(byte c) {
        if (c == '\n') {
            // an empty line ends the head, except empty lines before the request line
            if (lineEmpty && !firstLine) {
                scanning = false;
            }
            firstLine &= lineEmpty;
            lineStart = lineEmpty = true;
        } else if (c != '\r') {
            folded |= lineStart && !firstLine && (c == ' ' || c == '\t');
            lineStart = lineEmpty = false;
        }
    }
}
