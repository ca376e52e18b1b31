package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link ForwardedResponse} prepared from a parsed upstream head, and the body parts after it, written
 * through a {@link ResponseWriter}: the bytes the client gets, exactly.
 */
class ResponseWriterTest {
    private static final String ID = "rid-1";

    @RegisterExtension
    final LeakWatch leaks = new LeakWatch();

    private final EmbeddedChannel channel = new EmbeddedChannel(new ResponseWriter());
    private final ForwardedResponse forwarded = new ForwardedResponse();
    /** Every buffer the test made: all must be released once written and read back. */
    private final List<ByteBuf> made = new ArrayList<>();

    @AfterEach
    void everyBufferIsReleased() {
        assertThat(channel.finish()).as("outbound bytes left unchecked").isFalse();
        assertThat(made).as("reference counts of the buffers made").allMatch(b -> b.refCnt() == 0);
    }

    @Test
    void removesHopByHopHeadersAndThoseNamedByConnection() {
        ResponseHead h = upstream("HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain\r\n"
                + "Connection: keep-alive, x-SECRET, Content-Length\r\n"
                + "X-Secret: s\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "TE: trailers\r\n"
                + "Trailer: X-Checksum\r\n"
                + "Upgrade: h2c\r\n"
                + "Content-Length: 5\r\n"
                + "X-Spaced:   v  \r\n"
                + "X-Kept: yes\r\n\r\n");

        assertThat(forwarded.prepare(h, false, ID, true, false)).isTrue();
        assertThat(writeHead(h)).isEqualTo("HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: 5\r\n"
                + "X-Spaced:   v\r\n"
                + "X-Kept: yes\r\n"
                + "x-request-id: rid-1\r\n\r\n");
        assertThat(write(last("hello"))).isEqualTo("hello");
    }

    @Test
    void replacesTheUpstreamsRequestId() {
        ResponseHead h = upstream("HTTP/1.1 200 OK\r\nX-Request-Id: from-upstream\r\nContent-Length: 2\r\n\r\n");

        forwarded.prepare(h, false, ID, true, false);
        assertThat(writeHead(h)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: rid-1\r\n\r\n");
        assertThat(write(part("o"), last("k"))).isEqualTo("ok");
    }

    @Test
    void rechunksAChunkedUpstreamBodyForAnHttp11Client() {
        ResponseHead h = upstream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n");

        assertThat(forwarded.prepare(h, false, ID, true, false)).isTrue();
        assertThat(writeHead(h)).as("Content-Length beside chunked is not forwarded")
                .isEqualTo("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nx-request-id: rid-1\r\n\r\n");
        assertThat(write(part("hello"), part("abcdefghijklmnopqrstuvwxyz"), part(""),
                last("", "X-Checksum", "abc", "X-Other", "1")))
                .isEqualTo("5\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n");
    }

    @Test
    void endsAChunkedBodyWhoseLastPartHasData() {
        ResponseHead h = upstream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        forwarded.prepare(h, false, ID, true, false);
        writeHead(h);

        assertThat(write(last("end"))).isEqualTo("3\r\nend\r\n0\r\n\r\n");
    }

    @Test
    void framesEachResponseOnAConnectionAsItsOwnHeadSays() {
        ResponseHead chunked = upstream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        forwarded.prepare(chunked, false, ID, true, false);
        writeHead(chunked);
        assertThat(write(part("ab"), LastHttpContent.EMPTY_LAST_CONTENT)).isEqualTo("2\r\nab\r\n0\r\n\r\n");

        ResponseHead length = upstream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");
        forwarded.prepare(length, false, "rid-2", true, false);
        assertThat(writeHead(length)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: rid-2\r\n\r\n");
        assertThat(write(last("ab"))).isEqualTo("ab");
    }

    @Test
    void chunksACloseDelimitedBodyForAnHttp11Client() {
        ResponseHead h = upstream("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n");

        assertThat(forwarded.prepare(h, false, ID, true, false)).as("the client connection stays open").isTrue();
        assertThat(writeHead(h)).isEqualTo(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ntransfer-encoding: chunked\r\nx-request-id: rid-1\r\n\r\n");
        assertThat(write(part("some"), part(" more"), LastHttpContent.EMPTY_LAST_CONTENT))
                .isEqualTo("4\r\nsome\r\n5\r\n more\r\n0\r\n\r\n");
    }

    @Test
    void addsChunkedAfterTheUpstreamsOtherTransferCoding() {
        ResponseHead h = upstream("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");

        assertThat(forwarded.prepare(h, false, ID, true, false)).isTrue();
        assertThat(writeHead(h)).isEqualTo(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\ntransfer-encoding: chunked\r\nx-request-id: rid-1\r\n\r\n");
        assertThat(write(part("\u001f\u008b"), LastHttpContent.EMPTY_LAST_CONTENT))
                .isEqualTo("2\r\n\u001f\u008b\r\n0\r\n\r\n");
    }

    @Test
    void sendsACloseDelimitedBodyAsItIsToAnHttp10ClientAndCloses() {
        ResponseHead h = upstream("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n");

        assertThat(forwarded.prepare(h, false, ID, true, true)).as("the body runs to the close").isFalse();
        assertThat(writeHead(h)).isEqualTo(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nx-request-id: rid-1\r\nconnection: close\r\n\r\n");
        assertThat(write(part("some"), part(" more"), LastHttpContent.EMPTY_LAST_CONTENT)).isEqualTo("some more");
    }

    @Test
    void dechunksAChunkedBodyForAnHttp10ClientAndCloses() {
        ResponseHead h = upstream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\nX-A: b\r\n\r\n");

        assertThat(forwarded.prepare(h, false, ID, true, true)).isFalse();
        assertThat(writeHead(h)).isEqualTo("HTTP/1.1 200 OK\r\nX-A: b\r\nx-request-id: rid-1\r\nconnection: close\r\n\r\n");
        assertThat(write(part("hello"), last("", "X-Checksum", "abc"))).as("trailers have no place in it").isEqualTo("hello");
    }

    @Test
    void keepsAnHttp10ClientAliveWithAContentLengthBody() {
        ResponseHead h = upstream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");

        assertThat(forwarded.prepare(h, false, ID, true, true)).isTrue();
        assertThat(writeHead(h)).isEqualTo(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: rid-1\r\nconnection: keep-alive\r\n\r\n");
        assertThat(write(last("ok"))).isEqualTo("ok");
    }

    @Test
    void saysCloseWhenTheGatewayEndsTheConnection() {
        ResponseHead h = upstream("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n");

        assertThat(forwarded.prepare(h, false, ID, false, false)).isFalse();
        assertThat(writeHead(h)).isEqualTo(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: rid-1\r\nconnection: close\r\n\r\n");
        assertThat(write(last("ok"))).isEqualTo("ok");
    }

    /**
     * A Content-Length repeated with the same value (which ResponseHead accepts) goes to the client
     * once: RFC 9110 section 8.6 lets a recipient replace the repeats with one field, never forward
     * them as they are.
     */
    @Test
    void forwardsOneContentLengthWhenTheUpstreamRepeatedIt() {
        ResponseHead h = upstream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\n");

        forwarded.prepare(h, false, ID, true, false);
        String bytes = writeHead(h);
        write(last("ok"));

        assertThat(bytes).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: rid-1\r\n\r\n");
    }

    @Test
    void drops204sFramingHeaders() {
        ResponseHead h = upstream("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n");

        assertThat(forwarded.prepare(h, false, ID, true, false)).isTrue();
        assertThat(writeHead(h)).isEqualTo("HTTP/1.1 204 No Content\r\nX-A: b\r\nx-request-id: rid-1\r\n\r\n");
        assertThat(write(LastHttpContent.EMPTY_LAST_CONTENT)).isEmpty();
    }

    @Test
    void keepsTheFramingHeadersOfAResponseToHeadButSendsNoBody() {
        ResponseHead h = upstream("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");

        assertThat(forwarded.prepare(h, true, ID, true, false)).isTrue();
        assertThat(writeHead(h)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nx-request-id: rid-1\r\n\r\n");
        assertThat(write(LastHttpContent.EMPTY_LAST_CONTENT)).isEmpty();
    }

    @Test
    void writesAValidStatusLineWhenTheUpstreamGaveNoReason() {
        ResponseHead h = upstream("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n");

        forwarded.prepare(h, false, ID, true, false);
        String bytes = writeHead(h);

        assertThat(bytes).isEqualTo("HTTP/1.1 200 \r\nContent-Length: 0\r\nx-request-id: rid-1\r\n\r\n");
        // RFC 9112: status-line = HTTP-version SP status-code SP [ reason-phrase ]
        assertThat(bytes.substring(0, bytes.indexOf("\r\n") + 2)).matches("HTTP/1\\.1 [0-9]{3} [^\r\n]*\r\n");
    }

    @Test
    void passesAnInformationalHeadOnWithoutFramingOrRequestId() {
        ResponseHead h = upstream("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nContent-Length: 0\r\n"
                + "Connection: keep-alive\r\n\r\n");

        forwarded.prepareInformational(h, false);
        assertThat(writeHead(h)).isEqualTo("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n");
        assertThat(write(LastHttpContent.EMPTY_LAST_CONTENT)).isEmpty();
    }

    @Test
    void switchesProtocolsKeepingUpgradeThenPassesRawBytes() {
        ResponseHead h = upstream("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");

        forwarded.prepareUpgrade(h, ID);
        assertThat(writeHead(h)).isEqualTo("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nx-request-id: rid-1\r\nconnection: upgrade\r\n\r\n");
        assertThat(write(buffer("\u0081\u0002hi"))).isEqualTo("\u0081\u0002hi");
    }

    @Test
    void encodesAnErrorReplyWithItsHeadersAndBody() {
        FullHttpResponse reply = ErrorReply.of(channel.alloc(), 502, "web", "upstream refused", "rid-9", false);
        made.add(reply.content());
        String json = "{\"error\":\"upstream refused\",\"app\":\"web\",\"requestId\":\"rid-9\"}\n";

        assertThat(write(reply)).isEqualTo("HTTP/1.1 502 Bad Gateway\r\n"
                + "content-type: application/json\r\n"
                + "content-length: " + json.length() + "\r\n"
                + "x-request-id: rid-9\r\n"
                + "connection: close\r\n\r\n"
                + json);
    }

    @Test
    void framesAForwardedResponseAfterAnErrorReply() {
        FullHttpResponse reply = ErrorReply.of(channel.alloc(), 503, "web", "no upstream", "rid-0", true);
        made.add(reply.content());
        assertThat(write(reply)).startsWith("HTTP/1.1 503 Service Unavailable\r\n").endsWith("\"rid-0\"}\n");

        ResponseHead h = upstream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        forwarded.prepare(h, false, ID, true, false);
        writeHead(h);
        assertThat(write(part("ab"), LastHttpContent.EMPTY_LAST_CONTENT)).isEqualTo("2\r\nab\r\n0\r\n\r\n");
    }

    /**
     * The upstream's head as the decoder hands it on: parsed at a reader index past other bytes; the
     * read buffer is released before the head is written (the head keeps a copy of its bytes).
     */
    private ResponseHead upstream(String text) {
        ByteBuf read = buffer("earlier bytes" + text + "body");
        read.skipBytes("earlier bytes".length());
        ResponseHead h = new ResponseHead();
        assertThat(h.parse(read, ResponseDecoder.MAX_HEAD_BYTES)).isTrue();
        read.release();
        return h;
    }

    /** Writes the head prepared from {@code h}. */
    private String writeHead(ResponseHead h) {
        return write(forwarded);
    }

    /** Writes {@code messages} and returns what went out, every buffer of it released. */
    private String write(Object... messages) {
        channel.writeOutbound(messages);
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    private HttpContent part(String data) {
        return new DefaultHttpContent(buffer(data));
    }

    /** The last part, with trailer names and values in pairs. */
    private LastHttpContent last(String data, String... trailers) {
        HttpHeaders headers = DefaultHttpHeadersFactory.trailersFactory().newHeaders();
        for (int i = 0; i < trailers.length; i += 2) {
            headers.add(trailers[i], trailers[i + 1]);
        }
        return new DefaultLastHttpContent(buffer(data), headers);
    }

    private ByteBuf buffer(String s) {
        ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
        made.add(b);
        return b;
    }
}
