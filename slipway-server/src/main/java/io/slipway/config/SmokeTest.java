package io.slipway.config;

import com.fasterxml.jackson.core.JsonPointer;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One smoke check of a candidate version, sent through the gateway with the preview header before
 * the candidate gets real traffic. The response must have status {@code expectStatus}; if set, its
 * body must contain {@code expectBody}, and the JSON value at {@code jsonPointer} (RFC 6901, e.g.
 * {@code /version}) must exist and, if {@code jsonEquals} is set, read as exactly that text:
 * {@code asText()} for scalars (so {@code 42}, {@code true}, {@code v2}), compact JSON for objects
 * and arrays (so {@code {"sha":"abc"}}).
 *
 * <p>Before a run, every {@code {version}} in {@code path}, header values, {@code body},
 * {@code expectBody} and {@code jsonEquals} becomes the candidate version, so one check such as
 * {@code GET /version} expecting JSON {@code /version} = {@code {version}} serves every deploy.
 *
 * @param name        what an SRE reads in the report; null means "METHOD path"
 * @param headers     extra request headers; null means none. The preview header is set by the
 *                    runner and replaces a header of the same name here
 * @param body        request body, sent as UTF-8 text; null sends none
 * @param expectBody  substring the response body must contain; null means not checked
 * @param jsonPointer where in the JSON response to look; null means the body need not be JSON
 * @param jsonEquals  the text expected at {@code jsonPointer}; null means the value need only exist
 * @param timeout     for the whole exchange, connecting included
 */
public record SmokeTest(String name, String method, String path, Map<String, String> headers, String body,
                        int expectStatus, String expectBody, String jsonPointer, String jsonEquals,
                        Duration timeout) {
    /** The timeout of {@link #get}: long enough for a cold JVM's first request, short for 3 am. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public static final String VERSION = "{version}";

    /** Headers java.net.http sets itself and refuses from callers (its default restricted set). */
    private static final Set<String> CLIENT_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    public SmokeTest {
        if (method == null || !isToken(method)) {
            throw invalid(name, "method " + quote(method) + " is not an HTTP method token (e.g. GET, POST)");
        }
        checkPath(name, path);
        name = name == null ? method + " " + path : name;
        if (name.isBlank()) {
            throw invalid(name, "name is blank");
        }
        headers = checkedHeaders(name, headers);
        checkExpectations(name, expectStatus, jsonPointer, jsonEquals);
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw invalid(name, "timeout " + timeout + " is not positive (e.g. 5s, 250ms)");
        }
    }

    /** A GET expecting {@code status}, with no other expectation and the {@link #DEFAULT_TIMEOUT}. */
    public static SmokeTest get(String path, int status) {
        return new SmokeTest(null, "GET", path, Map.of(), null, status, null, null, null, DEFAULT_TIMEOUT);
    }

    /** This check also requiring the response body to contain {@code text}. */
    public SmokeTest expectingBody(String text) {
        return new SmokeTest(name, method, path, headers, body, expectStatus, text, jsonPointer, jsonEquals, timeout);
    }

    /** This check also requiring JSON with {@code equals} (null: anything) at {@code pointer}. */
    public SmokeTest expectingJson(String pointer, String equals) {
        return new SmokeTest(name, method, path, headers, body, expectStatus, expectBody, pointer, equals, timeout);
    }

    /** This check with another timeout. */
    public SmokeTest withTimeout(Duration limit) {
        return new SmokeTest(name, method, path, headers, body, expectStatus, expectBody, jsonPointer, jsonEquals,
                limit);
    }

    /** This check with every {@code {version}} placeholder replaced by {@code version}. */
    public SmokeTest forVersion(String version) {
        Map<String, String> resolved = new LinkedHashMap<>();
        headers.forEach((k, v) -> resolved.put(k, v.replace(VERSION, version)));
        return new SmokeTest(name, method, path.replace(VERSION, version), resolved, replace(body, version),
                expectStatus, replace(expectBody, version), jsonPointer, replace(jsonEquals, version), timeout);
    }

    /** An RFC 9110 token: what a method or header name may be. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = c < 128 && Character.isLetterOrDigit(c);
            if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} can travel in a header value: no line breaks that would split the request. */
    public static boolean isHeaderValue(String s) {
        return s.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
    }

    private static void checkPath(String name, String path) {
        if (path == null || !path.startsWith("/")) {
            throw invalid(name, "path " + quote(path) + " does not start with / (e.g. /health)");
        }
        try {
            URI uri = new URI("http://gateway" + path.replace(VERSION, "v"));
            if (uri.getRawFragment() != null) {
                throw invalid(name, "path " + quote(path) + " has a #fragment, which is never sent to a server");
            }
        } catch (URISyntaxException e) {
            throw invalid(name, "path " + quote(path) + " is not a valid request target (" + e.getReason()
                    + "; percent-encode it, e.g. /search?q=a%20b)");
        }
    }

    private static Map<String, String> checkedHeaders(String name, Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        headers.forEach((header, value) -> checkHeader(name, header, value));
        // a copy keeping the configured order, which the requests then follow
        return Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    private static void checkHeader(String name, String header, String value) {
        if (header == null || !isToken(header)) {
            throw invalid(name, "header name " + quote(header) + " is not an HTTP token");
        }
        if (CLIENT_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
            throw invalid(name, "header " + quote(header) + " is set by the HTTP client and cannot be given");
        }
        if (value == null || !isHeaderValue(value)) {
            throw invalid(name, "header " + header + " value " + quote(value) + " is missing or has a line break");
        }
    }

    private static void checkExpectations(String name, int status, String pointer, String equals) {
        if (status < 100 || status > 599) {
            throw invalid(name, "expected status " + status + " is not an HTTP status (100-599)");
        }
        if (equals != null && pointer == null) {
            throw invalid(name, "jsonEquals " + quote(equals) + " needs a jsonPointer saying where to look");
        }
        if (pointer != null) {
            try {
                JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                throw invalid(name, "jsonPointer " + quote(pointer)
                        + " is not a JSON pointer (RFC 6901, e.g. /version)");
            }
        }
    }

    private static String replace(String text, String version) {
        return text == null ? null : text.replace(VERSION, version);
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static IllegalArgumentException invalid(String name, String problem) {
        return new IllegalArgumentException((name == null ? "smoke test: " : "smoke test " + quote(name) + ": ")
                + problem);
    }
}
