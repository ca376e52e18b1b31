package io.slipway.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What the gateway's header rewriting shares: the names it sets, request ids, Connection values. */
final class ProxyHeaders {
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");

    private ProxyHeaders() {
    }

    /**
     * Header names listed in one Connection value, added to {@code named} (created on first use).
     * Scans in place: the usual tokens (keep-alive, close, upgrade) name headers removed anyway or
     * none at all, so the common message allocates nothing here.
     */
    static List<String> namedByConnection(String value, List<String> named) {
        int start = 0;
        while (start <= value.length()) {
            int end = value.indexOf(',', start);
            if (end < 0) {
                end = value.length();
            }
            int from = start;
            int to = end;
            while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
                from++;
            }
            while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
                to--;
            }
            if (to > from && !isToken(value, from, to, "keep-alive") && !isToken(value, from, to, "close")
                    && !isToken(value, from, to, "upgrade")) {
                String name = value.substring(from, to);
                if (!isFraming(name)) {
                    named = named == null ? new ArrayList<>(2) : named;
                    named.add(name);
                }
            }
            start = end + 1;
        }
        return named;
    }

    private static boolean isToken(String value, int from, int to, String token) {
        return to - from == token.length() && value.regionMatches(true, from, token, 0, token.length());
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** 32 random hex digits, written straight into one Latin-1 string (no intermediate strings). */
    @SuppressWarnings("deprecation") // String(byte[], hibyte, ...) copies bytes as Latin-1 without a decoder
    static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] b = new byte[32];
        hex(r.nextLong(), b, 0);
        hex(r.nextLong(), b, 16);
        return new String(b, 0, 0, b.length);
    }

    private static void hex(long v, byte[] into, int at) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }

    private static boolean isFraming(String name) {
        return HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
    }
}
