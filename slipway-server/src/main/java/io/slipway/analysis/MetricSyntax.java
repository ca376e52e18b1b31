package io.slipway.analysis;

import java.util.function.BiFunction;

/**
 * Reads the syntax that the Prometheus text format and series selectors share, one string at a time:
 * metric and label names, double-quoted label values with their three escapes ({@code \\}, {@code \"},
 * {@code \n}), blanks. Errors go through {@code error(column, reason)} so that each caller reports
 * them its own way (a line of a scrape, a position in a selector).
 */
final class MetricSyntax {
    private final String text;
    private final BiFunction<Integer, String, RuntimeException> error;
    private int pos;

    MetricSyntax(String text, BiFunction<Integer, String, RuntimeException> error) {
        this.text = text;
        this.error = error;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The position of the next character, for {@link #failAt}. */
    int position() {
        return pos;
    }

    boolean next(char c) {
        return !atEnd() && text.charAt(pos) == c;
    }

    /** Consumes {@code c} when it comes next. */
    boolean skip(char c) {
        if (next(c)) {
            pos++;
            return true;
        }
        return false;
    }

    void expect(char c, String context) {
        if (!skip(c)) {
            throw fail("expected '" + c + "' " + context + ", found " + found());
        }
    }

    void skipBlanks() {
        while (!atEnd() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    boolean nextIsNameStart() {
        return !atEnd() && isNameChar(text.charAt(pos), true, true);
    }

    /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*} */
    String metricName() {
        return name(true, "a metric name");
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*} */
    String labelName() {
        return name(false, "a label name");
    }

    /** Characters up to the next blank or the end. */
    String token() {
        int start = pos;
        while (!atEnd() && text.charAt(pos) != ' ' && text.charAt(pos) != '\t') {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** A double-quoted label value, unescaped. */
    String quoted(String label) {
        int start = pos;
        expect('"', "to open the value of label " + label);
        StringBuilder value = new StringBuilder();
        while (!atEnd() && text.charAt(pos) != '"') {
            char c = text.charAt(pos++);
            value.append(c == '\\' ? escaped(label) : c);
        }
        if (atEnd()) {
            throw failAt(start, "the value of label " + label + " has no closing '\"'");
        }
        pos++;
        return value.toString();
    }

    /** What comes next, for error messages. */
    String found() {
        return atEnd() ? "the end" : "'" + text.charAt(pos) + "'";
    }

    RuntimeException fail(String reason) {
        return failAt(pos, reason);
    }

    RuntimeException failAt(int position, String reason) {
        return error.apply(position + 1, reason);
    }

    private char escaped(String label) {
        char c = atEnd() ? ' ' : text.charAt(pos);
        if (c != '\\' && c != '"' && c != 'n') {
            throw failAt(pos - 1, "invalid escape in the value of label " + label + " (only \\\\, \\\" and \\n)");
        }
        pos++;
        return c == 'n' ? '\n' : c;
    }

    private String name(boolean colons, String what) {
        int start = pos;
        while (!atEnd() && isNameChar(text.charAt(pos), pos == start, colons)) {
            pos++;
        }
        if (pos == start) {
            throw fail("expected " + what + ", found " + found());
        }
        return text.substring(start, pos);
    }

    private static boolean isNameChar(char c, boolean first, boolean colons) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':')
                || (!first && c >= '0' && c <= '9');
    }
}
