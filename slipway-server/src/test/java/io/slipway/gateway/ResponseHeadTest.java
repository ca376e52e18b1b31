package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import io.slipway.gateway.ResponseHead.Framing;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {
    private static final int MAX = 16_384;
    private final ResponseHead head = new ResponseHead();

    @Test
    void readsStatusHeadersAndWhereTheHeadEnds() {
        ByteBuf in = bytes("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nX-Empty:\r\nContent-Length:  5 \r\n\r\nhello");

        assertThat(head.parse(in, MAX)).isTrue();

        assertThat(head.status()).isEqualTo(201);
        assertThat(head.http10()).isFalse();
        assertThat(head.reason().toString()).isEqualTo("Created");
        assertThat(head.headerCount()).isEqualTo(3);
        assertThat(head.name(0).toString()).isEqualTo("Content-Type");
        assertThat(head.value(0).toString()).isEqualTo("text/plain");
        assertThat(head.value(1).toString()).isEqualTo("");
        assertThat(head.value(2).toString()).isEqualTo("5");
        assertThat(head.named(2, AsciiString.cached("content-length"))).isTrue();
        assertThat(head.contentLength()).isEqualTo(5);
        assertThat(head.framing(false)).isEqualTo(Framing.LENGTH);
        assertThat(head.keepAlive()).isTrue();
        assertThat(in.toString(in.readerIndex() + head.length(), 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(in.readerIndex()).as("parsing does not consume").isZero();
    }

    @Test
    void acceptsBareLineFeedsAndAMissingReason() {
        assertThat(head.parse(bytes("HTTP/1.1 204\nServer: x\n\n"), MAX)).isTrue();
        assertThat(head.status()).isEqualTo(204);
        assertThat(head.reason().toString()).isEqualTo("");
        assertThat(head.framing(false)).isEqualTo(Framing.NONE);
        assertThat(head.length()).isEqualTo("HTTP/1.1 204\nServer: x\n\n".length());
    }

    @Test
    void waitsForTheRestOfAnIncompleteHead() {
        String whole = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        for (int cut = 0; cut < whole.indexOf("\r\n\r\n") + 4; cut++) {
            assertThat(head.parse(bytes(whole.substring(0, cut)), MAX)).as("first %d bytes", cut).isFalse();
        }
        assertThat(head.parse(bytes(whole), MAX)).isTrue();
    }

    @Test
    void parsesAtTheReaderIndexAndReusesItsState() {
        ByteBuf in = bytes("xxHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        in.skipBytes(2);
        assertThat(head.parse(in, MAX)).isTrue();
        assertThat(head.start()).isEqualTo(2);
        assertThat(head.framing(false)).isEqualTo(Framing.CHUNKED);

        assertThat(head.parse(bytes("HTTP/1.1 200 OK\r\n\r\n"), MAX)).isTrue();
        assertThat(head.headerCount()).isZero();
        assertThat(head.contentLength()).isEqualTo(-1);
        assertThat(head.framing(false)).as("nothing of the last response is left").isEqualTo(Framing.CLOSE);
    }

    @Test
    void framesTheBodyAsRfc9112Says() {
        assertThat(framing("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", true)).as("HEAD").isEqualTo(Framing.NONE);
        assertThat(framing("HTTP/1.1 100 Continue\r\n\r\n", false)).isEqualTo(Framing.NONE);
        assertThat(framing("HTTP/1.1 304 Not Modified\r\nContent-Length: 3\r\n\r\n", false)).isEqualTo(Framing.NONE);
        assertThat(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 3\r\n\r\n", false))
                .as("chunked wins over Content-Length").isEqualTo(Framing.CHUNKED);
        assertThat(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", false))
                .as("chunked not last: the body runs to the close").isEqualTo(Framing.CLOSE);
        assertThat(framing("HTTP/1.1 200 OK\r\n\r\n", false)).isEqualTo(Framing.CLOSE);
        assertThat(framing("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nContent-Length: 0\r\n\r\n", false))
                .as("the same length twice").isEqualTo(Framing.LENGTH);
    }

    @Test
    void keepsTheConnectionAsTheVersionAndConnectionHeaderSay() {
        assertThat(keepAlive("HTTP/1.1 200 OK\r\n\r\n")).isTrue();
        assertThat(keepAlive("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\n\r\n")).isFalse();
        assertThat(keepAlive("HTTP/1.0 200 OK\r\n\r\n")).isFalse();
        assertThat(keepAlive("HTTP/1.0 200 OK\r\nconnection: keep-alive\r\n\r\n")).isTrue();
    }

    @Test
    void refusesWhatCouldMakeTheGatewayAndTheUpstreamDisagree() {
        refuses("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
                "Content-Length 3 and 4 in one response");
        refuses("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\n", "Content-Length is not a number of bytes: \"3, 3\"");
        refuses("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Content-Length is not a number of bytes: \"-1\"");
        refuses("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", "Content-Length is not a number of bytes: \"\"");
        refuses("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "Content-Length is not a number of bytes: \"99999999999999999999\"");
        refuses("HTTP/1.1 200 OK\r\nContent-Length : 3\r\n\r\n",
                "not a header field (name, colon, value): \"Content-Length : 3\"");
        refuses("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n", "obsolete line folding in response head");
        refuses("HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n", "control character 0xd in response head");
        refuses("HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n", "control character 0x0 in response head");
        refuses("HTTP/1.1 200 OK\r\n: no name\r\n\r\n", "not a header field (name, colon, value): \": no name\"");
        refuses("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "not a header field (name, colon, value): \"no colon\"");
    }

    @Test
    void findsAControlCharacterAnywhereInALongValueAndAllowsTabsAndObsText() {
        String value = "0123456789abcdefghijklmnopqrstuvwxyz-0123456789";
        for (int at = 0; at < value.length(); at++) {
            for (char c : new char[] {'\0', '\u0001', '\u001f', '\r', '\u007f'}) {
                String bad = value.substring(0, at) + c + value.substring(at + 1);
                refuses("HTTP/1.1 200 OK\r\nX-Long: " + bad + "\r\n\r\n",
                        "control character 0x" + Integer.toHexString(c) + " in response head");
            }
            String fine = value.substring(0, at) + (at % 2 == 0 ? '\t' : '\u00e9') + value.substring(at + 1);
            assertThat(head.parse(bytes("HTTP/1.1 200 OK\r\nX-Long: " + fine + "\r\n\r\n"), MAX)).as(fine).isTrue();
        }
    }

    @Test
    void refusesWhatIsNotAnHttp1StatusLine() {
        refuses("HTTP/2.0 200 OK\r\n\r\n", "not an HTTP/1.x status line: \"HTTP/2.0 200 OK\"");
        refuses("HTTP/1.2 200 OK\r\n\r\n", "unsupported HTTP version: \"HTTP/1.2\"");
        refuses("HTTP/1.1 2x0 OK\r\n\r\n", "status code is not three digits: \"2x0\"");
        refuses("HTTP/1.1 099 Low\r\n\r\n", "status code 99 is outside 100-599");
        refuses("HTTP/1.1 600 High\r\n\r\n", "status code 600 is outside 100-599");
        refuses("HTTP/1.1 2000 OK\r\n\r\n", "no space after the status code: \"HTTP/1.1 2000 OK\"");
        refuses("SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP/1.x status line: \"SSH-2.0-OpenSSH\"");
        refuses("\u0000\u0001binary\n", "not an HTTP/1.x status line: \"\\x00\\x01binary\"");
    }

    @Test
    void refusesAHeadLargerThanTheLimitEvenBeforeItEnds() {
        String big = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(200) + "\r\n\r\n";
        assertThatThrownBy(() -> head.parse(bytes(big), 100)).isInstanceOf(ResponseHead.Malformed.class)
                .hasMessage("response head larger than 100 bytes");
        assertThatThrownBy(() -> head.parse(bytes(big.substring(0, 150)), 100))
                .hasMessage("response head larger than 100 bytes");
        assertThat(head.parse(bytes(big), big.length())).isTrue();
    }

    @Test
    void growsPastSixteenHeaders() {
        StringBuilder s = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 40; i++) {
            s.append("X-H").append(i).append(": v").append(i).append("\r\n");
        }
        assertThat(head.parse(bytes(s.append("\r\n").toString()), MAX)).isTrue();
        assertThat(head.headerCount()).isEqualTo(40);
        assertThat(head.name(39).toString()).isEqualTo("X-H39");
        assertThat(head.value(39).toString()).isEqualTo("v39");
    }

    private Framing framing(String text, boolean headRequest) {
        assertThat(head.parse(bytes(text), MAX)).isTrue();
        return head.framing(headRequest);
    }

    private boolean keepAlive(String text) {
        assertThat(head.parse(bytes(text), MAX)).isTrue();
        return head.keepAlive();
    }

    private void refuses(String text, String message) {
        assertThatThrownBy(() -> head.parse(bytes(text), MAX)).as(text)
                .isInstanceOf(ResponseHead.Malformed.class).hasMessage(message);
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }
}
