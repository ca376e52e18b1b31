package io.slipway.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a script into statements at the semicolons that end them, and at no other: not in
 * strings ({@code 'it''s'}, PostgreSQL {@code E'\''}), quoted identifiers, comments ({@code --},
 * {@code /* *}{@code /}, nested on PostgreSQL), PostgreSQL dollar-quoted bodies ({@code $$…$$},
 * {@code $fn$…$fn$}) or the bodies of SQLite triggers and PostgreSQL {@code BEGIN ATOMIC}
 * routines, whose {@code CASE … END} and {@code BEGIN … END} are counted as words (so that
 * {@code backend} or {@code "end"} are not). Comments before a statement and after its last token
 * are left out; the last statement needs no semicolon.
 */
final class SqlSplitter {
    private final String sql;
    private final Dialect dialect;
    private final List<String> statements = new ArrayList<>();
    private final List<String> head = new ArrayList<>();
    private int pos;
    private int start = -1;
    private int end;
    private int depth;
    private String previousWord = "";

    private SqlSplitter(String sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    static List<String> split(String sql, Dialect dialect) {
        SqlSplitter splitter = new SqlSplitter(sql, dialect);
        while (splitter.pos < sql.length()) {
            splitter.step();
        }
        splitter.finishStatement();
        return List.copyOf(splitter.statements);
    }

    private void step() {
        char c = sql.charAt(pos);
        if (Character.isWhitespace(c)) {
            pos++;
        } else if (sql.startsWith("--", pos)) {
            skipLineComment();
        } else if (sql.startsWith("/*", pos)) {
            skipBlockComment();
        } else if (c == ';' && depth == 0) {
            finishStatement();
            pos++;
        } else {
            if (start < 0) {
                start = pos;
            }
            token(c);
            end = pos;
        }
    }

    private void token(char c) {
        if (c == '\'') {
            skipString(escapeString());
        } else if (c == '"' || (!dialect.postgres() && c == '`')) {
            skipQuoted(c, c);
        } else if (!dialect.postgres() && c == '[') {
            skipQuoted('[', ']');
        } else if (dialect.postgres() && c == '$' && dollarTag() != null) {
            skipDollarQuoted(dollarTag());
        } else if (Character.isLetterOrDigit(c) || c == '_') {
            word();
        } else {
            pos++;
        }
    }

    private void finishStatement() {
        if (start >= 0) {
            statements.add(sql.substring(start, end));
        }
        start = -1;
        depth = 0;
        head.clear();
        previousWord = "";
    }

    private void skipLineComment() {
        int newline = sql.indexOf('\n', pos);
        pos = newline < 0 ? sql.length() : newline + 1;
    }

    private void skipBlockComment() {
        if (dialect.postgres()) {
            skipNestedComment();
            return;
        }
        int close = sql.indexOf("*/", pos + 2);
        pos = close < 0 ? sql.length() : close + 2;
    }

    private void skipNestedComment() {
        int level = 0;
        do {
            if (sql.startsWith("/*", pos)) {
                level++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                level--;
                pos += 2;
            } else {
                pos++;
            }
        } while (level > 0 && pos < sql.length());
    }

    /** PostgreSQL's E'…' (or e'…'): an E standing alone right before the quote turns on backslash escapes. */
    private boolean escapeString() {
        return dialect.postgres() && pos > 0 && (sql.charAt(pos - 1) == 'E' || sql.charAt(pos - 1) == 'e')
                && (pos < 2 || !isWordPart(sql.charAt(pos - 2)));
    }

    private void skipString(boolean backslashEscapes) {
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
            } else if (c == '\'' && pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
                pos += 2;
            } else {
                pos++;
                if (c == '\'') {
                    return;
                }
            }
        }
    }

    /** Skips to the closing quote; a doubled closing quote stands for itself. */
    private void skipQuoted(char open, char close) {
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c != close) {
                continue;
            }
            if (open != close || pos >= sql.length() || sql.charAt(pos) != close) {
                return;
            }
            pos++;
        }
    }

    /** The {@code $tag$} starting here (the tag may be empty), or null if this {@code $} opens none. */
    private String dollarTag() {
        int i = pos + 1;
        while (i < sql.length() && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_'
                || (i > pos + 1 && Character.isDigit(sql.charAt(i))))) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(pos, i + 1) : null;
    }

    private void skipDollarQuoted(String tag) {
        int close = sql.indexOf(tag, pos + tag.length());
        pos = close < 0 ? sql.length() : close + tag.length();
    }

    private void word() {
        int from = pos;
        while (pos < sql.length() && isWordPart(sql.charAt(pos))) {
            pos++;
        }
        String word = sql.substring(from, pos).toUpperCase(Locale.ROOT);
        if (head.size() < 4) {
            head.add(word);
        }
        countBlocks(word);
        previousWord = word;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private void countBlocks(String word) {
        if (depth == 0 && opensBody(word)) {
            depth = 1;
        } else if (depth > 0 && word.equals("CASE")) {
            depth++;
        } else if (depth > 0 && word.equals("END")) {
            depth--;
        }
    }

    /** SQLite: the BEGIN of CREATE [TEMP] TRIGGER; PostgreSQL: BEGIN ATOMIC of CREATE [OR REPLACE] FUNCTION/PROCEDURE. */
    private boolean opensBody(String word) {
        if (!dialect.postgres()) {
            return word.equals("BEGIN") && (headIs("CREATE", "TRIGGER") || headIs("CREATE", "TEMP", "TRIGGER")
                    || headIs("CREATE", "TEMPORARY", "TRIGGER"));
        }
        return word.equals("ATOMIC") && previousWord.equals("BEGIN")
                && (headIs("CREATE", "FUNCTION") || headIs("CREATE", "PROCEDURE")
                || headIs("CREATE", "OR", "REPLACE", "FUNCTION") || headIs("CREATE", "OR", "REPLACE", "PROCEDURE"));
    }

    private boolean headIs(String... words) {
        return head.size() >= words.length && head.subList(0, words.length).equals(List.of(words));
    }
}
