package io.slipway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into arguments the way a POSIX shell does, without running one:
 * white space separates, {@code '…'} is literal, {@code "…"} allows {@code \"} and {@code \\},
 * and a backslash outside quotes escapes the next character.
 */
final class ShellWords {
    private final String line;
    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private int i;

    private ShellWords(String line) {
        this.line = line;
    }

    /** @throws IllegalArgumentException on an unclosed quote or a trailing backslash */
    static List<String> split(String line) {
        return new ShellWords(line).words();
    }

    private List<String> words() {
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (Character.isWhitespace(c)) {
                endWord();
            } else if (c == '\'') {
                quoted('\'');
            } else if (c == '"') {
                quoted('"');
            } else {
                append(c == '\\' ? escaped() : c);
            }
        }
        endWord();
        return words;
    }

    private void quoted(char quote) {
        inWord = true;
        while (i < line.length() && line.charAt(i) != quote) {
            char c = line.charAt(i++);
            boolean escape = quote == '"' && c == '\\' && i < line.length()
                    && (line.charAt(i) == '"' || line.charAt(i) == '\\');
            append(escape ? line.charAt(i++) : c);
        }
        if (i++ >= line.length()) {
            throw new IllegalArgumentException("has an unclosed " + quote + " quote");
        }
    }

    private char escaped() {
        if (i >= line.length()) {
            throw new IllegalArgumentException("ends with a lone backslash");
        }
        return line.charAt(i++);
    }

    private void append(char c) {
        word.append(c);
        inWord = true;
    }

    private void endWord() {
        if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
        }
    }
}
