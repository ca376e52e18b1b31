package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Rejects obsolete line folding (a header line starting with a space or tab, RFC 9112 §5.2),
 * which Netty's decoder silently joins to the previous header: a proxy that joins while the
 * upstream splits (or the reverse) disagrees with it about the headers of a request.
 *
 * <p>{@link #scan} sees the raw head before the codec; {@link #check} marks the decoded request
 * failed so {@link ProxyHandler} answers 400. Scanning restarts once the codec ended the request;
 * the head of a request pipelined in the same read as the previous body is not scanned (Netty
 * joins its folds into one value, which is what the upstream then sees).
 */
final class ObsFold {
    /** The decoder-result cause of a request whose head folded a header line. */
    static final class Folded extends IllegalArgumentException {
        Folded() {
            super("obsolete line folding in request head");
        }
    }

    private boolean scanning = true;
    private boolean firstLine = true;
    private boolean lineStart = true;
    private boolean lineEmpty = true;
    private boolean folded;

    /** Scans raw bytes from the client while a head is being received. */
    void scan(ByteBuf b) {
        if (scanning) {
            b.forEachByte(scanner);
        }
    }

    /** Stops the walk over a buffer once the head ended (no bounds check per byte, unlike getByte). */
    private final ByteProcessor scanner = c -> {
        scan(c);
        return scanning;
    };

    /** Marks a decoded request whose head folded a line as failed; resets the scan after each request. */
    void check(Object msg) {
        if (msg instanceof HttpRequest r && folded) {
            folded = false;
            if (r.decoderResult().isSuccess()) {
                r.setDecoderResult(DecoderResult.failure(new Folded()));
            }
        }
        if (msg instanceof LastHttpContent) {
            scanning = firstLine = lineStart = lineEmpty = true;
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
