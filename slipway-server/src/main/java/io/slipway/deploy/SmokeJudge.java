package io.slipway.deploy;

import io.slipway.config.SmokeTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.slipway.api.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Reads a smoke test's answer as one line an SRE can act on at 3 am: what was sent, what came
 * back, what was expected, and the start of the body. Pure, apart from the exchange it is given.
 */
final class SmokeJudge {
    /** Enough of a body for an error message or a stack trace's first line, short enough for one log line. */
    static final int QUOTED_CHARS = 200;

    // "123 abc" is not the JSON an endpoint meant to send, though a lenient parse reads 123
    private static final ObjectReader STRICT_JSON = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SmokeJudge() {
    }

    /** Why the answer {@code status} + {@code body} to {@code request} fails {@code test}; empty when it passes. */
    static Optional<String> failure(SmokeTest test, String request, int status, String body) {
        String answer = answered(request, status);
        if (status != test.expectStatus()) {
            return Optional.of(answer + ", expected " + test.expectStatus() + "; " + bodyStart(body));
        }
        if (test.expectBody() != null && !body.contains(test.expectBody())) {
            return Optional.of(answer + " but body lacks " + quote(test.expectBody()) + "; " + bodyStart(body));
        }
        if (test.jsonPointer() == null) {
            return Optional.empty();
        }
        return jsonFailure(test.jsonPointer(), test.jsonEquals(), body).map(why -> answer + " but " + why);
    }

    /** How a request that got no answer failed; {@code gateway} is host:port, so a dead gateway is named. */
    static String noAnswer(String request, Throwable error, Duration timeout, String gateway) {
        Throwable cause = rootOfCompletion(error);
        if (cause instanceof HttpConnectTimeoutException) {
            return request + " timed out connecting to gateway " + gateway;
        }
        if (cause instanceof HttpTimeoutException) {
            return request + " timed out after " + duration(timeout);
        }
        if (cause instanceof ConnectException) {
            String message = firstMessage(cause);
            return message == null || message.toLowerCase(Locale.ROOT).contains("refused")
                    ? request + " → connection refused by gateway " + gateway
                    : request + " → cannot connect to gateway " + gateway + ": " + message;
        }
        String where = cause instanceof IOException ? " (gateway " + gateway + ")" : "";
        return request + " → " + cause.getClass().getSimpleName() + ": " + firstMessage(cause) + where;
    }

    static String answered(String request, int status) {
        return request + " → " + status;
    }

    /** {@code text} quoted on one line: control characters escaped, cut after {@link #QUOTED_CHARS}. */
    static String quote(String text) {
        int end = Math.min(text.length(), QUOTED_CHARS);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        StringBuilder out = new StringBuilder(end + 8).append('"');
        for (int i = 0; i < end; i++) {
            escape(text.charAt(i), out);
        }
        out.append('"');
        return end < text.length() ? out.append('…').toString() : out.toString();
    }

    /** As slipway.yaml would say it: 5s, 250ms. */
    static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static Optional<String> jsonFailure(String pointer, String expected, String body) {
        JsonNode root;
        try {
            root = STRICT_JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.of("body is not JSON: " + quote(body));
        }
        if (root == null || root.isMissingNode()) {
            return Optional.of("body is empty, not JSON");
        }
        JsonNode node = root.at(pointer);
        if (node.isMissingNode()) {
            return Optional.of("JSON has no " + pointer + "; " + bodyStart(body));
        }
        String actual = node.isValueNode() ? node.asText() : node.toString();
        return expected == null || expected.equals(actual) ? Optional.empty()
                : Optional.of("JSON " + pointer + " is " + quote(actual) + ", expected " + quote(expected));
    }

    private static String bodyStart(String body) {
        return body.isEmpty() ? "body empty" : "body starts " + quote(body);
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            default -> {
                if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
    }

    /** The failure itself, not the CompletionException the future wrapped it in. */
    private static Throwable rootOfCompletion(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException
                || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** java.net.http often throws a message-less exception around the socket's own, which says what happened. */
    private static String firstMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return null;
    }
}
