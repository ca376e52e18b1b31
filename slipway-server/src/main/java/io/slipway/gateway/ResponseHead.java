package io.slipway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The head of an upstream's HTTP/1.x response, copied once out of the read buffer and parsed there: the
 * status, where each header line's name and value lie, and what decides the body's framing. Read by
 * {@link ResponseDecoder}; {@link ForwardedResponse} copies its lines to the client instead of decoding
 * them into objects and encoding them again (docs/performance.md, session 10).
 *
 * <p>Strict where a lenient reading could make the gateway and the upstream disagree about where the
 * response ends or what it says (RFC 9112): whitespace before a colon, obsolete line folding, a
 * Content-Length that is not digits or differs between its fields, NUL or a bare CR in a line, a
 * status outside 100-599 are {@link Malformed}. Lenient where every HTTP library is: a line may end in
 * LF alone, the reason phrase may be missing. One instance per upstream connection, reused per response.
 */
final class ResponseHead {
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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
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

    /** The head's bytes, copied out of the read buffer; every offset below points into it. */
    private byte[] b = new byte[1024];
    /** Where each line of the head ends (its LF), in the read buffer. */
    private int[] lfs = new int[32];
    private int start;
    private int length;
    private int status;
    private boolean http10;
    private int reasonStart;
    private int reasonEnd;
    /** Per header: name start, name end, value start, value end (indexes into {@link #b}). */
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
        int end = end(in, from, maxBytes);
        if (end < 0) {
            return false;
        }
        reset(from);
        int n = end - from;
        if (b.length < n) {
            b = new byte[Math.max(n, 2 * b.length)];
        }
        // one copy, then the checks run on an array: a buffer checks bounds and liveness on every byte
        in.getBytes(from, b, 0, n);
        int lineStart = 0;
        for (int line = 0; ; line++) {
            int lf = lfs[line] - from;
            int lineEnd = lf > lineStart && b[lf - 1] == '\r' ? lf - 1 : lf;
            if (line == 0) {
                statusLine(b, lineStart, lineEnd);
            } else if (lineEnd == lineStart) {
                length = n;
                return true;
            } else {
                field(b, lineStart, lineEnd);
            }
            lineStart = lf + 1;
        }
    }

    /**
     * Where the head starting at {@code from} ends (after its blank line), or -1 while incomplete;
     * notes where each of its lines ends in {@link #lfs}.
     */
    private int end(ByteBuf in, int from, int maxBytes) {
        int limit = Math.min(in.writerIndex(), from + maxBytes);
        int lineStart = from;
        for (int line = 0; ; line++) {
            int lf = in.indexOf(lineStart, limit, (byte) '\n');
            if (line == lfs.length) {
                lfs = Arrays.copyOf(lfs, 2 * line);
            }
            lfs[line] = lf;
            if (lf < 0) {
                if (in.writerIndex() - from >= maxBytes) {
                    throw new Malformed("response head larger than " + maxBytes + " bytes");
                }
                return -1;
            }
            if (lineStart == from && !http1(in, from, lf)) {
                return lf + 1; // not HTTP/1.x at all: refused now, not after a wait for a blank line
            }
            boolean blank = lf == lineStart || lf == lineStart + 1 && in.getByte(lineStart) == '\r';
            if (blank && lineStart > from) {
                return lf + 1;
            }
            lineStart = lf + 1;
        }
    }

    private static boolean http1(ByteBuf in, int from, int lf) {
        return lf - from >= 7 && in.getByte(from) == 'H' && in.getByte(from + 1) == 'T' && in.getByte(from + 2) == 'T'
                && in.getByte(from + 3) == 'P' && in.getByte(from + 4) == '/' && in.getByte(from + 5) == '1'
                && in.getByte(from + 6) == '.';
    }

    private void reset(int from) {
        start = from;
        length = 0;
        count = 0;
        contentLength = -1;
        contentLengthField = -1;
        transferEncoding = chunked = close = keepAlive = connectionNames = false;
    }

    private void statusLine(byte[] in, int from, int to) {
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (to - from < 12 || in[from] != 'H' || in[from + 1] != 'T' || in[from + 2] != 'T'
                || in[from + 3] != 'P' || in[from + 4] != '/' || in[from + 5] != '1'
                || in[from + 6] != '.' || in[from + 8] != ' ') {
            throw new Malformed("not an HTTP/1.x status line: " + quoted(in, from, Math.min(to, from + 40)));
        }
        byte minor = in[from + 7];
        if (minor != '0' && minor != '1') {
            throw new Malformed("unsupported HTTP version: " + quoted(in, from, from + 8));
        }
        http10 = minor == '0';
        int code = 0;
        for (int i = from + 9; i < from + 12; i++) {
            byte d = in[i];
            if (d < '0' || d > '9') {
                throw new Malformed("status code is not three digits: " + quoted(in, from + 9, from + 12));
            }
            code = code * 10 + d - '0';
        }
        if (code < 100 || code > 599) {
            throw new Malformed("status code " + code + " is outside 100-599");
        }
        status = code;
        if (to > from + 12 && in[from + 12] != ' ') {
            throw new Malformed("no space after the status code: " + quoted(in, from, to));
        }
        reasonStart = Math.min(from + 13, to);
        reasonEnd = to;
        checkText(in, reasonStart, reasonEnd);
    }

    private void field(byte[] in, int from, int to) {
        int colon = nameEnd(in, from, to);
        int valueStart = skipSpace(in, colon + 1, to);
        int valueEnd = trimSpace(in, valueStart, to);
        checkText(in, valueStart, valueEnd);
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
    static void trailer(byte[] in, int from, int to, HttpHeaders into) {
        int colon = nameEnd(in, from, to);
        int valueStart = skipSpace(in, colon + 1, to);
        int valueEnd = trimSpace(in, valueStart, to);
        checkText(in, valueStart, valueEnd);
        into.add(new String(in, from, colon - from, StandardCharsets.US_ASCII),
                new String(in, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
    }

    /** Checks the field name at the start of [from, to); returns where its colon is. */
    private static int nameEnd(byte[] in, int from, int to) {
        byte b = in[from];
        if (b == ' ' || b == '\t') {
            throw new Malformed("obsolete line folding in response head");
        }
        int colon = from;
        while (colon < to && TOKEN[in[colon] & 0xff]) {
            colon++;
        }
        if (colon == from || colon == to || in[colon] != ':') {
            throw new Malformed("not a header field (name, colon, value): " + quoted(in, from, Math.min(to, from + 40)));
        }
        return colon;
    }

    /** The first index in [from, to) that is not a space or tab, or {@code to}. */
    private static int skipSpace(byte[] in, int from, int to) {
        while (from < to && isSpace(in[from])) {
            from++;
        }
        return from;
    }

    /** Where [from, to) ends without its trailing spaces and tabs. */
    private static int trimSpace(byte[] in, int from, int to) {
        while (to > from && isSpace(in[to - 1])) {
            to--;
        }
        return to;
    }

    /** Notes what the framing and connection headers say. */
    private void framing(byte[] in, int name, int nameEnd, int value, int valueEnd) {
        if (is(in, name, nameEnd, HttpHeaderNames.CONTENT_LENGTH)) {
            long n = digits(in, value, valueEnd);
            if (contentLength >= 0 && contentLength != n) {
                throw new Malformed("Content-Length " + contentLength + " and " + n + " in one response");
            }
            if (contentLength < 0) {
                contentLengthField = count - 1;
            }
            contentLength = n;
        } else if (is(in, name, nameEnd, HttpHeaderNames.TRANSFER_ENCODING)) {
            transferEncoding = true;
            chunked = endsWithToken(in, value, valueEnd, HttpHeaderValues.CHUNKED);
        } else if (is(in, name, nameEnd, HttpHeaderNames.CONNECTION)) {
            connection(in, value, valueEnd);
        }
    }

    private static long digits(byte[] in, int from, int to) {
        boolean number = from < to && to - from <= 18;
        long n = 0;
        for (int i = from; number && i < to; i++) {
            byte d = in[i];
            number = d >= '0' && d <= '9';
            n = n * 10 + d - '0';
        }
        if (!number) {
            throw new Malformed("Content-Length is not a number of bytes: " + quoted(in, from, Math.min(to, from + 40)));
        }
        return n;
    }

    /** Field values and reason phrases: no NUL, no CR (a line ends in LF or CRLF), nothing else below space but tab. */
    private static void checkText(byte[] in, int from, int to) {
        int i = from;
        // eight bytes at a time while none is below space or DEL (tabs are rare in values)
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(in, i);
            long del = x ^ 0x7f7f7f7f7f7f7f7fL;
            long flagged = ((x - 0x2020202020202020L) & ~x) | ((del - 0x0101010101010101L) & ~del);
            if ((flagged & 0x8080808080808080L) != 0) {
                break;
            }
        }
        for (; i < to; i++) {
            int c = in[i] & 0xff;
            if (c < ' ' && c != '\t' || c == 0x7f) {
                throw new Malformed("control character 0x" + Integer.toHexString(c) + " in response head");
            }
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean is(byte[] in, int from, int to, AsciiString name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (lower(in[from + i]) != name.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Notes what the items of a Connection value say, in one pass over it. */
    private void connection(byte[] in, int from, int to) {
        int itemStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || in[i] == ',') {
                int a = skipSpace(in, itemStart, i);
                int b = trimSpace(in, a, i);
                if (is(in, a, b, HttpHeaderValues.CLOSE)) {
                    close = true;
                } else if (is(in, a, b, HttpHeaderValues.KEEP_ALIVE)) {
                    keepAlive = true;
                } else if (b > a && !is(in, a, b, HttpHeaderValues.UPGRADE)) {
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
        if (!connectionNames || named(i, HttpHeaderNames.CONTENT_LENGTH) || named(i, HttpHeaderNames.TRANSFER_ENCODING)
                || named(i, HttpHeaderNames.HOST)) {
            return false;
        }
        int nameFrom = fields[4 * i];
        int nameTo = fields[4 * i + 1];
        for (int c = 0; c < count; c++) {
            if (!named(c, HttpHeaderNames.CONNECTION)) {
                continue;
            }
            int to = fields[4 * c + 3];
            int itemStart = fields[4 * c + 2];
            for (int p = itemStart; p <= to; p++) {
                if (p == to || b[p] == ',') {
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
        from = skipSpace(b, from, to);
        to = trimSpace(b, from, to);
        if (to - from != nameTo - nameFrom) {
            return false;
        }
        for (int k = 0; k < to - from; k++) {
            if (lower(b[from + k]) != lower(b[nameFrom + k])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    /** Whether the last item of a comma-separated list in [from, to) is {@code token}. */
    private static boolean endsWithToken(byte[] in, int from, int to, AsciiString token) {
        int itemStart = from;
        for (int i = to - 1; i >= from; i--) {
            if (in[i] == ',') {
                itemStart = i + 1;
                break;
            }
        }
        return isItem(in, itemStart, to, token);
    }

    private static boolean isItem(byte[] in, int from, int to, AsciiString token) {
        int start = skipSpace(in, from, to);
        return is(in, start, trimSpace(in, start, to), token);
    }

    static String quoted(byte[] in, int from, int to) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            int c = in[i] & 0xff;
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
        return is(b, fields[4 * i], fields[4 * i + 1], lowerCaseName);
    }

    /** Offset of the head in the buffer it was parsed from. */
    int start() {
        return start;
    }

    /**
     * The head's bytes (from index 0, {@link #length()} of them), which the offsets below point into;
     * overwritten by the next parse.
     */
    byte[] bytes() {
        return b;
    }

    /** Where the three status digits start. */
    int statusStart() {
        return 9;
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
        return new AsciiString(b, from, to - from, true);
    }
}
