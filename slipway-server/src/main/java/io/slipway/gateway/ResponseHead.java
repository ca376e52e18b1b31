package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The head of an upstream's HTTP/1.x response, parsed in place: the status, where each header line's
 * name and value lie in the buffer, and what decides the body's framing. The first piece of a response
 * path that copies header lines to the client instead of decoding them into objects and encoding them
 * again (docs/performance.md, "How p99 follows CPU per request"); nothing uses it yet.
 *
 * <p>Strict where a lenient reading could make the gateway and the upstream disagree about where the
 * response ends or what it says (RFC 9112): whitespace before a colon, obsolete line folding, a
 * Content-Length that is not digits or differs between its fields, NUL or a bare CR in a line, a
 * status outside 100-599 are {@link Malformed}. Lenient where every HTTP library is: a line may end in
 * LF alone, the reason phrase may be missing. One instance per upstream connection, reused per response.
 */
final class ResponseHead extends AbstractReferenceCounted {
    /** How the body after the head is delimited. */
    enum Framing {
        /** No body: HEAD request, 1xx, 204, 304. */
        NONE,
        /** {@link #contentLength()} bytes. */
        LENGTH,
        /** Chunked transfer coding (wins over any Content-Length, which must then not be forwarded). */
        CHUNKED,
        /** Until the upstream closes the connection. */
        CLOSE
    }

    /** A head the gateway refuses to forward (answered 502); the message names what is wrong. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("transfer-encoding");
    private static final AsciiString CONNECTION = AsciiString.cached("connection");
    private static final AsciiString CHUNKED = AsciiString.cached("chunked");
    private static final AsciiString CLOSE = AsciiString.cached("close");
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString UPGRADE = AsciiString.cached("upgrade");
    private static final AsciiString HOST = AsciiString.cached("host");
    /** RFC 9110 tchar. */
    private static final boolean[] TOKEN = new boolean[256];

    static {
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
    }

    private ByteBuf buf;
    /** {@link #buf} is a slice this head holds (after {@link #detach()}, until released). */
    private boolean detached;
    private int start;
    private int length;
    private int status;
    private boolean http10;
    private int reasonStart;
    private int reasonEnd;
    /** Per header: name start, name end, value start, value end (absolute buffer indexes). */
    private int[] fields = new int[4 * 16];
    private int count;
    private long contentLength;
    /** The first Content-Length field (a repeat with the same value is allowed, and not forwarded), or -1. */
    private int contentLengthField;
    private boolean transferEncoding;
    private boolean chunked;
    private boolean close;
    private boolean keepAlive;
    /** A Connection value names a header other than the usual tokens: it is hop-by-hop too. */
    private boolean connectionNames;

    /**
     * Parses the head starting at {@code in}'s reader index, without moving it. Returns false while the
     * head is incomplete (call again with more bytes); true once parsed, with {@link #length()} the bytes
     * it took, blank line included.
     *
     * @throws Malformed if the bytes are not a head the gateway can forward, or the head is longer than
     *                   {@code maxBytes}
     */
    boolean parse(ByteBuf in, int maxBytes) {
        int from = in.readerIndex();
        int limit = in.writerIndex();
        reset(in, from);
        int lineStart = from;
        boolean first = true;
        while (true) {
            int lf = in.indexOf(lineStart, Math.min(limit, from + maxBytes), (byte) '\n');
            if (lf < 0) {
                if (limit - from >= maxBytes) {
                    throw new Malformed("response head larger than " + maxBytes + " bytes");
                }
                return false;
            }
            int lineEnd = lf > lineStart && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            if (first) {
                statusLine(in, lineStart, lineEnd);
                first = false;
            } else if (lineEnd == lineStart) {
                length = lf + 1 - from;
                return true;
            } else {
                field(in, lineStart, lineEnd);
            }
            lineStart = lf + 1;
        }
    }

    /**
     * Takes the parsed head out of the buffer it was parsed from: keeps a retained slice of its bytes
     * (so the buffer may be released or reused meanwhile) and points every offset into the slice. The
     * slice goes when this head is {@linkplain #release() released}; the head can then parse again.
     */
    void detach() {
        int base = start;
        for (int i = 0; i < 4 * count; i++) {
            fields[i] -= base;
        }
        reasonStart -= base;
        reasonEnd -= base;
        start = 0;
        buf = buf.retainedSlice(base, length);
        detached = true;
        setRefCnt(1);
    }

    @Override
    protected void deallocate() {
        if (detached) {
            detached = false;
            buf.release();
        }
        buf = null;
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        return this;
    }

    private void reset(ByteBuf in, int from) {
        if (detached) {
            throw new IllegalStateException("the last head parsed was not released");
        }
        buf = in;
        start = from;
        length = 0;
        count = 0;
        contentLength = -1;
        contentLengthField = -1;
        transferEncoding = chunked = close = keepAlive = connectionNames = false;
    }

    private void statusLine(ByteBuf in, int from, int to) {
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (to - from < 12 || in.getByte(from) != 'H' || in.getByte(from + 1) != 'T' || in.getByte(from + 2) != 'T'
                || in.getByte(from + 3) != 'P' || in.getByte(from + 4) != '/' || in.getByte(from + 5) != '1'
                || in.getByte(from + 6) != '.' || in.getByte(from + 8) != ' ') {
            throw new Malformed("not an HTTP/1.x status line: " + quoted(in, from, Math.min(to, from + 40)));
        }
        byte minor = in.getByte(from + 7);
        if (minor != '0' && minor != '1') {
            throw new Malformed("unsupported HTTP version: " + quoted(in, from, from + 8));
        }
        http10 = minor == '0';
        int code = 0;
        for (int i = from + 9; i < from + 12; i++) {
            byte d = in.getByte(i);
            if (d < '0' || d > '9') {
                throw new Malformed("status code is not three digits: " + quoted(in, from + 9, from + 12));
            }
            code = code * 10 + d - '0';
        }
        if (code < 100 || code > 599) {
            throw new Malformed("status code " + code + " is outside 100-599");
        }
        status = code;
        if (to > from + 12 && in.getByte(from + 12) != ' ') {
            throw new Malformed("no space after the status code: " + quoted(in, from, to));
        }
        reasonStart = Math.min(from + 13, to);
        reasonEnd = to;
        checkText(in, reasonStart, reasonEnd);
    }

    private void field(ByteBuf in, int from, int to) {
        int colon = nameEnd(in, from, to);
        int valueStart = valueStart(in, colon, to);
        int valueEnd = valueEnd(in, valueStart, to);
        if (fields.length < 4 * (count + 1)) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        int f = 4 * count++;
        fields[f] = from;
        fields[f + 1] = colon;
        fields[f + 2] = valueStart;
        fields[f + 3] = valueEnd;
        framing(in, from, colon, valueStart, valueEnd);
    }

    /**
     * Adds the trailer field in [from, to) (a line without its end) to {@code into}, checked as head
     * fields are. Trailers are rare: they are decoded into objects.
     */
    static void trailer(ByteBuf in, int from, int to, HttpHeaders into) {
        int colon = nameEnd(in, from, to);
        int valueStart = valueStart(in, colon, to);
        int valueEnd = valueEnd(in, valueStart, to);
        into.add(in.toString(from, colon - from, StandardCharsets.US_ASCII),
                in.toString(valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
    }

    /** Checks the field name at the start of [from, to); returns where its colon is. */
    private static int nameEnd(ByteBuf in, int from, int to) {
        byte b = in.getByte(from);
        if (b == ' ' || b == '\t') {
            throw new Malformed("obsolete line folding in response head");
        }
        int colon = from;
        while (colon < to && TOKEN[in.getByte(colon) & 0xff]) {
            colon++;
        }
        if (colon == from || colon == to || in.getByte(colon) != ':') {
            throw new Malformed("not a header field (name, colon, value): " + quoted(in, from, Math.min(to, from + 40)));
        }
        return colon;
    }

    private static int valueStart(ByteBuf in, int colon, int to) {
        int valueStart = colon + 1;
        while (valueStart < to && isSpace(in.getByte(valueStart))) {
            valueStart++;
        }
        return valueStart;
    }

    /** Where the value starting at {@code valueStart} ends, trailing whitespace excluded; checks its characters. */
    private static int valueEnd(ByteBuf in, int valueStart, int to) {
        int valueEnd = to;
        while (valueEnd > valueStart && isSpace(in.getByte(valueEnd - 1))) {
            valueEnd--;
        }
        checkText(in, valueStart, valueEnd);
        return valueEnd;
    }

    /** Notes what the framing and connection headers say. */
    private void framing(ByteBuf in, int name, int nameEnd, int value, int valueEnd) {
        if (is(in, name, nameEnd, CONTENT_LENGTH)) {
            long n = digits(in, value, valueEnd);
            if (contentLength >= 0 && contentLength != n) {
                throw new Malformed("Content-Length " + contentLength + " and " + n + " in one response");
            }
            if (contentLength < 0) {
                contentLengthField = count - 1;
            }
            contentLength = n;
        } else if (is(in, name, nameEnd, TRANSFER_ENCODING)) {
            transferEncoding = true;
            chunked = endsWithToken(in, value, valueEnd, CHUNKED);
        } else if (is(in, name, nameEnd, CONNECTION)) {
            connection(in, value, valueEnd);
        }
    }

    private static long digits(ByteBuf in, int from, int to) {
        boolean number = from < to && to - from <= 18;
        long n = 0;
        for (int i = from; number && i < to; i++) {
            byte d = in.getByte(i);
            number = d >= '0' && d <= '9';
            n = n * 10 + d - '0';
        }
        if (!number) {
            throw new Malformed("Content-Length is not a number of bytes: " + quoted(in, from, Math.min(to, from + 40)));
        }
        return n;
    }

    /** Field values and reason phrases: no NUL, no CR (a line ends in LF or CRLF), nothing else below space but tab. */
    private static void checkText(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = in.getByte(i) & 0xff;
            if (c < ' ' && c != '\t' || c == 0x7f) {
                throw new Malformed("control character 0x" + Integer.toHexString(c) + " in response head");
            }
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean is(ByteBuf in, int from, int to, AsciiString name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (lower(in.getByte(from + i)) != name.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Notes what the items of a Connection value say, in one pass over it. */
    private void connection(ByteBuf in, int from, int to) {
        int itemStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || in.getByte(i) == ',') {
                int a = itemStart;
                int b = i;
                while (a < b && isSpace(in.getByte(a))) {
                    a++;
                }
                while (b > a && isSpace(in.getByte(b - 1))) {
                    b--;
                }
                if (is(in, a, b, CLOSE)) {
                    close = true;
                } else if (is(in, a, b, KEEP_ALIVE)) {
                    keepAlive = true;
                } else if (b > a && !is(in, a, b, UPGRADE)) {
                    connectionNames = true;
                }
                itemStart = i + 1;
            }
        }
    }

    /**
     * Whether header {@code i} is named in a Connection value (other than a framing header or Host,
     * which the gateway acts on and re-frames itself), and so is hop-by-hop. Only looks when some
     * Connection value lists more than the usual tokens: nearly never.
     */
    boolean namedByConnection(int i) {
        if (!connectionNames || named(i, CONTENT_LENGTH) || named(i, TRANSFER_ENCODING) || named(i, HOST)) {
            return false;
        }
        int nameFrom = fields[4 * i];
        int nameTo = fields[4 * i + 1];
        for (int c = 0; c < count; c++) {
            if (!named(c, CONNECTION)) {
                continue;
            }
            int to = fields[4 * c + 3];
            int itemStart = fields[4 * c + 2];
            for (int p = itemStart; p <= to; p++) {
                if (p == to || buf.getByte(p) == ',') {
                    if (itemIs(itemStart, p, nameFrom, nameTo)) {
                        return true;
                    }
                    itemStart = p + 1;
                }
            }
        }
        return false;
    }

    /** Whether the list item in [from, to) equals the header name in [nameFrom, nameTo), ignoring case. */
    private boolean itemIs(int from, int to, int nameFrom, int nameTo) {
        while (from < to && isSpace(buf.getByte(from))) {
            from++;
        }
        while (to > from && isSpace(buf.getByte(to - 1))) {
            to--;
        }
        if (to - from != nameTo - nameFrom) {
            return false;
        }
        for (int k = 0; k < to - from; k++) {
            if (lower(buf.getByte(from + k)) != lower(buf.getByte(nameFrom + k))) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    /** Whether the last item of a comma-separated list in [from, to) is {@code token}. */
    private static boolean endsWithToken(ByteBuf in, int from, int to, AsciiString token) {
        int itemStart = from;
        for (int i = to - 1; i >= from; i--) {
            if (in.getByte(i) == ',') {
                itemStart = i + 1;
                break;
            }
        }
        return isItem(in, itemStart, to, token);
    }

    private static boolean isItem(ByteBuf in, int from, int to, AsciiString token) {
        while (from < to && isSpace(in.getByte(from))) {
            from++;
        }
        while (to > from && isSpace(in.getByte(to - 1))) {
            to--;
        }
        return is(in, from, to, token);
    }

    static String quoted(ByteBuf in, int from, int to) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            int c = in.getByte(i) & 0xff;
            s.append(c >= ' ' && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.append('"').toString();
    }

    /** How the body is delimited; {@code headRequest}: the request was HEAD (a body is never sent then). */
    Framing framing(boolean headRequest) {
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return Framing.NONE;
        }
        if (transferEncoding) {
            return chunked ? Framing.CHUNKED : Framing.CLOSE;
        }
        return contentLength >= 0 ? Framing.LENGTH : Framing.CLOSE;
    }

    /** Whether the upstream keeps the connection open after this response (if the body is delimited). */
    boolean keepAlive() {
        return http10 ? keepAlive && !close : !close;
    }

    int length() {
        return length;
    }

    int status() {
        return status;
    }

    boolean http10() {
        return http10;
    }

    long contentLength() {
        return contentLength;
    }

    /** The index of the first Content-Length field, or -1. */
    int contentLengthField() {
        return contentLengthField;
    }

    int headerCount() {
        return count;
    }

    AsciiString reason() {
        return slice(reasonStart, reasonEnd);
    }

    AsciiString name(int i) {
        return slice(fields[4 * i], fields[4 * i + 1]);
    }

    AsciiString value(int i) {
        return slice(fields[4 * i + 2], fields[4 * i + 3]);
    }

    /** Whether header {@code i} is named {@code lowerCaseName}. */
    boolean named(int i, AsciiString lowerCaseName) {
        return is(buf, fields[4 * i], fields[4 * i + 1], lowerCaseName);
    }

    /** Offset of the head in the buffer it was parsed from. */
    int start() {
        return start;
    }

    /**
     * The buffer the head was parsed from. The offsets below point into it; they hold only while the
     * buffer is not changed, i.e. during the read that delivered the head.
     */
    ByteBuf buffer() {
        return buf;
    }

    /** Where the three status digits start. */
    int statusStart() {
        return start + 9;
    }

    int reasonStart() {
        return reasonStart;
    }

    int reasonEnd() {
        return reasonEnd;
    }

    int nameLength(int i) {
        return fields[4 * i + 1] - fields[4 * i];
    }

    /** Where header line {@code i} starts (its name). */
    int lineStart(int i) {
        return fields[4 * i];
    }

    /** Where header line {@code i} ends (its value, trailing whitespace and line end excluded). */
    int lineEnd(int i) {
        return fields[4 * i + 3];
    }

    private AsciiString slice(int from, int to) {
        byte[] b = new byte[to - from];
        buf.getBytes(from, b);
        return new AsciiString(b, false);
    }
}
