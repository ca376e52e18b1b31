package io.slipway.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.slipway.config.GatewayConfig;
import java.util.Iterator;

/**
 * What ties a request to a version, from the gateway config: a preview header or cookie naming
 * the version (testers, smoke tests), else a sticky key (client IP, a header or a cookie) so a
 * user stays on one version during a canary, else nothing (weighted random).
 */
final class Affinity {
    private enum Sticky { NONE, CLIENT_IP, HEADER, COOKIE }

    private final Sticky sticky;
    private final AsciiString stickyHeader;
    private final String stickyCookie;
    private final AsciiString previewHeader;
    private final String previewCookie;

    private Affinity(Sticky sticky, String stickyName, String previewHeader, String previewCookie) {
        this.sticky = sticky;
        this.stickyHeader = sticky == Sticky.HEADER ? AsciiString.cached(stickyName) : null;
        this.stickyCookie = sticky == Sticky.COOKIE ? stickyName : null;
        this.previewHeader = previewHeader == null ? null : AsciiString.cached(previewHeader);
        this.previewCookie = previewCookie;
    }

    /** From {@code cfg.sticky()}: null, {@code clientIp}, {@code cookie:NAME} or {@code header:NAME} (as validated by the loader). */
    static Affinity of(GatewayConfig cfg) {
        String s = cfg.sticky();
        Sticky sticky = s == null ? Sticky.NONE
                : s.equals("clientIp") ? Sticky.CLIENT_IP
                : s.startsWith("header:") ? Sticky.HEADER
                : s.startsWith("cookie:") ? Sticky.COOKIE
                : null;
        if (sticky == null) {
            throw new IllegalArgumentException("gateway.sticky: \"" + s + "\" is not clientIp, cookie:NAME or header:NAME");
        }
        String name = s == null ? null : s.substring(s.indexOf(':') + 1);
        return new Affinity(sticky, name, cfg.previewHeader(), cfg.previewCookie());
    }

    /** A preview names a version, served at any weight or answered 503; else the sticky slot or a weighted one. */
    Target pick(Route route, HttpHeaders headers, String clientIp) {
        String preview = preview(headers);
        return preview != null ? route.pickVersion(preview) : route.pick(stickyKey(headers, clientIp));
    }

    /** Why {@link #pick} found nothing: a tester must learn that the version they asked for is not served. */
    String unroutable(HttpHeaders headers) {
        String preview = preview(headers);
        return preview == null ? "no healthy upstream" : "no routable upstream runs preview version " + preview;
    }

    /** The version the preview header (first) or cookie asks for; null when the request names none. */
    String preview(HttpHeaders headers) {
        String v = previewHeader == null ? null : headers.get(previewHeader);
        if (v == null && previewCookie != null) {
            v = cookie(headers, previewCookie);
        }
        return v == null || v.isEmpty() ? null : v;
    }

    /** The request's sticky key; null when not sticky or the request carries none. */
    String stickyKey(HttpHeaders headers, String clientIp) {
        String key = switch (sticky) {
            case NONE -> null;
            case CLIENT_IP -> clientIp;
            case HEADER -> headers.get(stickyHeader);
            case COOKIE -> cookie(headers, stickyCookie);
        };
        return key == null || key.isEmpty() ? null : key;
    }

    /**
     * The value of cookie {@code name} in the request's Cookie headers, null if absent. A scan for
     * the one name instead of decoding every cookie: this runs on every request.
     */
    static String cookie(HttpHeaders headers, String name) {
        if (!headers.contains(HttpHeaderNames.COOKIE)) {
            return null;
        }
        Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(HttpHeaderNames.COOKIE);
        while (values.hasNext()) {
            String v = cookie(values.next(), name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** In one {@code a=1; b=2} header value: the value of {@code name}, unquoted; null if absent. */
    static String cookie(CharSequence header, String name) {
        int len = header.length();
        int i = 0;
        while (i < len) {
            while (i < len && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            int end = indexOf(header, ';', i);
            int eq = i + name.length();
            if (eq < end && header.charAt(eq) == '=' && regionEquals(header, i, name)) {
                return unquote(header.subSequence(eq + 1, end).toString().strip());
            }
            i = end + 1;
        }
        return null;
    }

    private static int indexOf(CharSequence s, char c, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return s.length();
    }

    private static boolean regionEquals(CharSequence s, int at, String name) {
        for (int j = 0; j < name.length(); j++) {
            if (s.charAt(at + j) != name.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"' ? v.substring(1, v.length() - 1) : v;
    }
}
