package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The decoder on a channel of its own, followed by a reader that does what a receiver must: takes each
 * {@link ResponseHead} as it comes and releases it before the decoder goes on. What reaches the end of
 * the pipeline is turned into one line per message ({@code head ...}, {@code body ...}, {@code last ...},
 * {@code failure: ...}, {@code raw ...}) and released.
 */
class ResponseDecoderTest {
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
            + "5;name=value\r\nhello\r\n7 ; x\r\n, world\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n";
    private static final String CHUNKED_HEAD = "head 200 OK [Transfer-Encoding: chunked, Content-Type: text/plain]";
    private static final String CHUNKED_LAST = "last  {X-Checksum=abc, X-Other=1}";
    private static final String NEXT = "HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok";

    @RegisterExtension
    final LeakWatch leaks = new LeakWatch();

    private final List<ByteBuf> fed = new ArrayList<>();
    private ResponseDecoder decoder;
    private EmbeddedChannel channel;

    private void connect(boolean removeOnUpgrade) {
        decoder = new ResponseDecoder();
        channel = new EmbeddedChannel(decoder, new HeadReader(removeOnUpgrade));
        decoder.expect(false, false);
    }

    @AfterEach
    void everyBufferFedIsReleased() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        assertThat(fed).as("reference counts of the buffers fed").allMatch(b -> b.refCnt() == 0);
    }

    @Test
    void readsTheStatusAndHeaderLinesOfTheHead() {
        connect(false);
        feed("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nX-Empty:\r\nContent-Length:  2 \r\n\r\nok");

        assertThat(events()).containsExactly(
                "head 201 Created [Content-Type: text/plain, X-Empty: , Content-Length: 2]", "last ok");
    }

    @Test
    void deliversAContentLengthBodyExactlyThenDecodesTheNextResponse() {
        connect(false);
        feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnah"
                + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        assertThat(events()).containsExactly("head 200 OK [Content-Length: 5]", "last hello",
                "head 404 Not Found [Content-Length: 3]", "last nah", "head 200 OK [Content-Length: 0]", "last ");
    }

    @Test
    void deliversAContentLengthBodySpreadOverReadsWithoutTakingTheNextResponsesBytes() {
        connect(false);
        feed("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhel");
        assertThat(events()).containsExactly("head 200 OK [Content-Length: 11]", "body hel");

        feed("lo wo");
        feed("rld" + NEXT.substring(0, 20));
        assertThat(events()).containsExactly("body lo wo", "last rld");

        feed(NEXT.substring(20));
        assertThat(events()).containsExactly("head 202 Accepted [Content-Length: 2]", "last ok");
    }

    @Test
    void dechunksAChunkedBodyWithExtensionsAndTrailers() {
        connect(false);
        feed(CHUNKED + NEXT);

        assertThat(events()).containsExactly(CHUNKED_HEAD, "body hello", "body , world", CHUNKED_LAST,
                "head 202 Accepted [Content-Length: 2]", "last ok");
    }

    @Test
    void dechunksAChunkedBodyFedOneByteAtATime() {
        connect(false);
        String response = CHUNKED + NEXT;
        List<String> events = new ArrayList<>();
        for (int i = 0; i < response.length(); i++) {
            feed(response.substring(i, i + 1));
            events.addAll(events());
        }

        assertThat(joinBodies(events)).containsExactly(CHUNKED_HEAD, "body hello, world", CHUNKED_LAST,
                "head 202 Accepted [Content-Length: 2]", "body o", "last k");
    }

    @Test
    void dechunksAChunkedBodySplitAtEveryByteBoundary() {
        String response = CHUNKED + NEXT;
        for (int cut = 1; cut < response.length(); cut++) {
            connect(false);
            feed(response.substring(0, cut));
            List<String> events = new ArrayList<>(events());
            feed(response.substring(cut));
            events.addAll(events());

            List<String> nextBody = cut == response.length() - 1 ? List.of("body o", "last k") : List.of("last ok");
            assertThat(joinBodies(events)).as("split after %d bytes", cut).startsWith(CHUNKED_HEAD,
                    "body hello, world", CHUNKED_LAST, "head 202 Accepted [Content-Length: 2]").endsWith(
                    nextBody.toArray(String[]::new)).hasSize(4 + nextBody.size());
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void refusesAChunkSizeThatIsNotHex() {
        refusesChunks("zz\r\nhello\r\n0\r\n\r\n", "bad chunk size: \"zz\"");
        refusesChunks("5x\r\nhello\r\n0\r\n\r\n", "bad chunk size: \"5x\"");
        refusesChunks("-5\r\nhello\r\n0\r\n\r\n", "bad chunk size: \"-5\"");
    }

    @Test
    void refusesAMissingChunkSize() {
        refusesChunks("\r\nhello\r\n0\r\n\r\n", "bad chunk size: \"\"");
        refusesChunks(";name=value\r\nhello\r\n0\r\n\r\n", "bad chunk size: \";name=value\"");
    }

    @Test
    void refusesAChunkSizeThatWouldOverflow() {
        refusesChunks("10000000001\r\nhello\r\n0\r\n\r\n", "chunk size over 1099511627776 bytes");
        refusesChunks("ffffffffffffffffffffffff\r\nhello\r\n0\r\n\r\n", "chunk size over 1099511627776 bytes");
    }

    @Test
    void refusesChunkDataLongerThanItsSize() {
        connect(false);
        feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n");

        assertThat(events()).containsExactly("head 200 OK [Transfer-Encoding: chunked]", "body abc",
                "failure: chunk data longer than its size");
        feed(NEXT);
        assertThat(events()).as("after a failure everything is dropped").isEmpty();
    }

    @Test
    void refusesAChunkSizeLineLongerThanTheLimit() {
        refusesChunks("5;" + "x".repeat(ResponseDecoder.MAX_CHUNK_LINE), "chunk-size line longer than 1024 bytes");
    }

    @Test
    void refusesAMalformedTrailer() {
        refusesChunks("0\r\nX-Ok: 1\r\nnot a trailer\r\n\r\n", "not a header field (name, colon, value): \"not a trailer\"");
    }

    @Test
    void aResponseToHeadHasNoBodyEvenWithContentLength() {
        connect(false);
        decoder.expect(true, false);
        feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
        assertThat(events()).containsExactly("head 200 OK [Content-Length: 5]", "last ");

        decoder.expect(false, false);
        feed(NEXT);
        assertThat(events()).containsExactly("head 202 Accepted [Content-Length: 2]", "last ok");
    }

    @Test
    void a304HasNoBodyEvenWithContentLength() {
        connect(false);
        feed("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n" + NEXT);

        assertThat(events()).containsExactly("head 304 Not Modified [Content-Length: 5]", "last ",
                "head 202 Accepted [Content-Length: 2]", "last ok");
    }

    @Test
    void readsA100ContinueAndTheFinalResponseFromOneBuffer() {
        connect(false);
        feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Final: yes\r\n\r\nok");

        assertThat(events()).containsExactly("head 100 Continue []", "last ",
                "head 200 OK [Content-Length: 2, X-Final: yes]", "last ok");
    }

    @Test
    void readsSeveralInformationalHeadsFromOneBufferEachWithItsOwnHeaders() {
        connect(false);
        feed("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n" + NEXT);

        assertThat(events()).containsExactly("head 103 Early Hints [Link: </a.css>; rel=preload]", "last ",
                "head 100 Continue []", "last ", "head 202 Accepted [Content-Length: 2]", "last ok");
    }

    @Test
    void refusesA101ToARequestThatAskedForNoUpgrade() {
        connect(false);
        feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nframes");

        assertThat(events()).containsExactly(
                "failure: 101 Switching Protocols to a request that asked for no upgrade");
        feed("more frames" + NEXT);
        assertThat(events()).isEmpty();
    }

    @Test
    void passesRawBytesOnAfterA101ToAnUpgradeRequest() {
        connect(false);
        decoder.expect(false, true);
        feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0002hi");
        assertThat(events()).containsExactly("head 101 Switching Protocols [Upgrade: websocket, Connection: Upgrade]",
                "raw \u0081\u0002hi");

        feed("HTTP/1.1 200 OK\r\n\r\n");
        assertThat(events()).as("no longer HTTP").containsExactly("raw HTTP/1.1 200 OK\r\n\r\n");
        assertThat(channel.finish()).as("no LastHttpContent at the close").isFalse();
    }

    @Test
    void handsTheBytesAfterA101OnWhenTheReceiverRemovesTheDecoder() {
        connect(true);
        decoder.expect(false, true);
        feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi");
        assertThat(events()).containsExactly("head 101 Switching Protocols [Upgrade: websocket]", "raw \u0081\u0002hi");
        assertThat(channel.pipeline().get(ResponseDecoder.class)).isNull();

        feed("more");
        assertThat(events()).containsExactly("raw more");
    }

    @Test
    void anUpgradeRequestMayStillBeAnsweredWithAnOrdinaryResponse() {
        connect(false);
        decoder.expect(false, true);
        feed(NEXT);

        assertThat(events()).containsExactly("head 202 Accepted [Content-Length: 2]", "last ok");
    }

    @Test
    void endsACloseDelimitedBodyWhenTheUpstreamCloses() {
        connect(false);
        feed("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nsome");
        feed(" more");
        assertThat(events()).containsExactly("head 200 OK [Content-Type: text/plain]", "body some", "body  more");

        assertThat(channel.finish()).isTrue();
        assertThat(events()).containsExactly("last ");
    }

    @Test
    void aTransferCodingOtherThanChunkedLastRunsToTheClose() {
        connect(false);
        feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(events()).containsExactly("head 200 OK [Transfer-Encoding: chunked, gzip, Content-Length: 3]",
                "body 3\r\nabc\r\n0\r\n\r\n");

        channel.finish();
        assertThat(events()).containsExactly("last ");
    }

    @Test
    void aChunkedBodyCutShortByTheCloseHasNoLastContent() {
        connect(false);
        feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
        assertThat(events()).containsExactly("head 200 OK [Transfer-Encoding: chunked]", "body hel");

        channel.finish();
        assertThat(events()).isEmpty();
    }

    @Test
    void aChunkedBodyCutShortBeforeItsTrailersEndHasNoLastContent() {
        connect(false);
        feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-Checksum: abc\r\n");
        assertThat(events()).containsExactly("head 200 OK [Transfer-Encoding: chunked]", "body hi");

        channel.finish();
        assertThat(events()).isEmpty();
    }

    @Test
    void aContentLengthBodyCutShortByTheCloseHasNoLastContent() {
        connect(false);
        feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel");
        assertThat(events()).containsExactly("head 200 OK [Content-Length: 10]", "body hel");

        channel.finish();
        assertThat(events()).isEmpty();
    }

    @Test
    void refusesAMalformedHeadNamingTheProblem() {
        refusesHead("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc",
                "Content-Length 3 and 4 in one response");
        refusesHead("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n", "obsolete line folding in response head");
        refusesHead("HTTP/1.1 2x0 OK\r\n\r\n", "status code is not three digits: \"2x0\"");
        refusesHead("SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP/1.x status line: \"SSH-2.0-OpenSSH\"");
    }

    @Test
    void refusesAMalformedHeadAfterAGoodResponseOnTheSameConnection() {
        connect(false);
        feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokokHTTP/1.1 200 OK\r\n\r\n");

        assertThat(events()).containsExactly("head 200 OK [Content-Length: 2]", "last ok",
                "failure: not an HTTP/1.x status line: \"okHTTP/1.1 200 OK\"");
    }

    @Test
    void refusesAHeadLargerThanTheLimitBeforeItEnds() {
        connect(false);
        feed("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(ResponseDecoder.MAX_HEAD_BYTES));

        assertThat(events()).containsExactly("failure: response head larger than 65536 bytes");
    }

    /** A chunked response whose body is {@code chunks}: the head, then a failure, then nothing. */
    private void refusesChunks(String chunks, String reason) {
        connect(false);
        feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);

        assertThat(events()).as(chunks).containsExactly("head 200 OK [Transfer-Encoding: chunked]",
                "failure: " + reason);
        feed(NEXT);
        assertThat(events()).as("after a failure everything is dropped").isEmpty();
        channel.finishAndReleaseAll();
    }

    private void refusesHead(String response, String reason) {
        connect(false);
        feed(response);

        assertThat(events()).as(response).containsExactly("failure: " + reason);
        feed(NEXT);
        assertThat(events()).as("after a failure everything is dropped").isEmpty();
        channel.finishAndReleaseAll();
    }

    private void feed(String bytes) {
        ByteBuf b = Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1);
        fed.add(b);
        channel.writeInbound(b);
    }

    /** What reached the end of the pipeline since the last call, one line each, all released. */
    private List<String> events() {
        List<String> events = new ArrayList<>();
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            try {
                events.add(describe(msg));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        return events;
    }

    private static String describe(Object msg) {
        if (msg instanceof Head h) {
            return h.toString();
        } else if (msg instanceof LastHttpContent last) {
            String trailers = last.trailingHeaders().isEmpty() ? "" : " " + last.trailingHeaders().entries().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
            return "last " + text(last.content()) + trailers;
        } else if (msg instanceof HttpContent c) {
            return "body " + text(c.content());
        } else if (msg instanceof ResponseDecoder.Failure f) {
            return "failure: " + f.reason();
        } else if (msg instanceof ByteBuf b) {
            return "raw " + text(b);
        }
        throw new AssertionError("unexpected message " + msg);
    }

    /** Body parts in a row as one (how the body is cut into parts depends on the reads). */
    private static List<String> joinBodies(List<String> events) {
        List<String> joined = new ArrayList<>();
        for (String e : events) {
            int last = joined.size() - 1;
            if (e.startsWith("body ") && last >= 0 && joined.get(last).startsWith("body ")) {
                joined.set(last, joined.get(last) + e.substring("body ".length()));
            } else {
                joined.add(e);
            }
        }
        return joined;
    }

    private static String text(ByteBuf b) {
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** What a receiver reads of a head before it releases it. */
    private record Head(int status, String reason, List<String> headers) {
        static Head of(ResponseHead h) {
            List<String> headers = new ArrayList<>();
            for (int i = 0; i < h.headerCount(); i++) {
                headers.add(h.name(i) + ": " + h.value(i));
            }
            return new Head(h.status(), h.reason().toString(), headers);
        }

        @Override
        public String toString() {
            return "head " + status + " " + reason + " " + headers;
        }
    }

    /** Reads and releases each head at once, as receivers must (the decoder reuses it for the next response). */
    private static final class HeadReader extends ChannelInboundHandlerAdapter {
        private final boolean removeOnUpgrade;

        HeadReader(boolean removeOnUpgrade) {
            this.removeOnUpgrade = removeOnUpgrade;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ResponseHead h)) {
                ctx.fireChannelRead(msg);
                return;
            }
            Head head = Head.of(h);
            ctx.fireChannelRead(head);
            if (removeOnUpgrade && head.status() == 101) {
                ctx.pipeline().remove(ResponseDecoder.class);
            }
        }
    }
}
