package io.slipway.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code dump.sql} written by {@link SqlDumpFile}: the schema from its header, then
 * its INSERT statements as rows of literal values, so that they are bound as parameters in
 * the target's own types rather than executed as text in a dialect that may read them
 * differently (blobs). Other statements (CREATE TABLE, BEGIN, COMMIT) are skipped: the import
 * creates tables and runs the transaction itself.
 */
final class SqlDumpReader implements AutoCloseable {
    /** One INSERT: the table, the columns named, and their values (null, Boolean, BigDecimal, String, byte[]). */
    record Insert(String table, List<String> columns, List<Object> values, long line) {
    }

    private final Path file;
    private final PushbackReader in;
    private long line = 1;

    SqlDumpReader(Path file) throws IOException {
        this.file = file;
        this.in = new PushbackReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), 2);
    }

    /** The schema in the header comment of {@code file}. */
    static PortableSchema schema(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null && text.startsWith("--"); text = in.readLine()) {
                if (text.startsWith(SqlDumpFile.SCHEMA_PREFIX)) {
                    return PortableSchema.parse(text.substring(SqlDumpFile.SCHEMA_PREFIX.length()), file);
                }
            }
        }
        throw new PortableExportException(file + ": no '" + SqlDumpFile.SCHEMA_PREFIX.strip()
                + "' line in its header: not a Slipway portable SQL dump");
    }

    /** The next INSERT, or null at the end of the file. */
    Insert next() throws IOException {
        for (Object token = token(); token != End.END; token = token()) {
            if (token instanceof Word w && w.text().equalsIgnoreCase("INSERT")) {
                return insert();
            }
            while (token != End.END && !";".equals(token)) {
                token = token();
            }
        }
        return null;
    }

    private Insert insert() throws IOException {
        long start = line;
        expectWord("INTO");
        String table = name(token());
        List<String> columns = new ArrayList<>();
        expect("(");
        for (Object t = token(); !")".equals(t); t = token()) {
            columns.add(name(",".equals(t) ? token() : t));
        }
        expectWord("VALUES");
        List<Object> values = new ArrayList<>();
        expect("(");
        for (Object t = token(); !")".equals(t); t = token()) {
            values.add(value(",".equals(t) ? token() : t));
        }
        expect(";");
        if (values.size() != columns.size()) {
            throw error(start, columns.size() + " columns but " + values.size() + " values");
        }
        return new Insert(table, columns, values, start);
    }

    private Object value(Object token) {
        if (token instanceof Word w) {
            switch (w.text().toUpperCase(Locale.ROOT)) {
                case "NULL": return null;
                case "TRUE": return Boolean.TRUE;
                case "FALSE": return Boolean.FALSE;
                default: break;
            }
        } else if (token instanceof Text || token instanceof BigDecimal || token instanceof byte[]) {
            return token instanceof Text t ? t.text() : token;
        }
        throw error(line, "expected a value, found " + describe(token));
    }

    private String name(Object token) {
        if (token instanceof Identifier id) {
            return id.text();
        } else if (token instanceof Word w) {
            return w.text();
        }
        throw error(line, "expected a name, found " + describe(token));
    }

    private void expectWord(String word) throws IOException {
        Object token = token();
        if (!(token instanceof Word w) || !w.text().equalsIgnoreCase(word)) {
            throw error(line, "expected " + word + ", found " + describe(token));
        }
    }

    private void expect(String punctuation) throws IOException {
        Object token = token();
        if (!punctuation.equals(token)) {
            throw error(line, "expected '" + punctuation + "', found " + describe(token));
        }
    }

    // --- tokens: Word, Identifier ("…"), Text ('…'), byte[] (X'…'), BigDecimal, punctuation as String, End

    private record Word(String text) {
    }

    private record Identifier(String text) {
    }

    private record Text(String text) {
    }

    private enum End { END }

    private Object token() throws IOException {
        int c = skipBlanks();
        if (c < 0) {
            return End.END;
        } else if (c == '\'') {
            return new Text(quoted('\''));
        } else if (c == '"') {
            return new Identifier(quoted('"'));
        } else if ((c == 'X' || c == 'x') && peek() == '\'') {
            read();
            return blob(quoted('\''));
        } else if (Character.isDigit(c) || c == '-' || c == '+' || c == '.') {
            return number(c);
        } else if (Character.isLetter(c) || c == '_') {
            return new Word((char) c + run(ch -> Character.isLetterOrDigit(ch) || ch == '_'));
        }
        return String.valueOf((char) c);
    }

    private int skipBlanks() throws IOException {
        while (true) {
            int c = read();
            if (c == '-' && peek() == '-') {
                while (c >= 0 && c != '\n') {
                    c = read();
                }
            } else if (c < 0 || !Character.isWhitespace(c)) {
                return c;
            }
        }
    }

    /** The rest of a quoted token, a doubled quote standing for one. */
    private String quoted(char quote) throws IOException {
        StringBuilder text = new StringBuilder();
        long start = line;
        while (true) {
            int c = read();
            if (c < 0) {
                throw error(start, "unterminated " + quote + "-quoted text");
            } else if (c == quote && peek() != quote) {
                return text.toString();
            } else if (c == quote) {
                read();
            }
            text.append((char) c);
        }
    }

    private byte[] blob(String hex) {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw error(line, "X'…' must hold hex digits: " + e.getMessage());
        }
    }

    private BigDecimal number(int first) throws IOException {
        String text = (char) first + run(ch -> Character.isDigit(ch) || ch == '.' || ch == 'e' || ch == 'E'
                || ch == '+' || ch == '-');
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw error(line, "'" + text + "' is not a number");
        }
    }

    private String run(java.util.function.IntPredicate accept) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int c = peek(); c >= 0 && accept.test(c); c = peek()) {
            text.append((char) read());
        }
        return text.toString();
    }

    private int read() throws IOException {
        int c = in.read();
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private int peek() throws IOException {
        int c = in.read();
        if (c >= 0) {
            in.unread(c);
        }
        return c;
    }

    private PortableExportException error(long at, String problem) {
        return new PortableExportException(file + " line " + at + ": " + problem);
    }

    private static String describe(Object token) {
        if (token == End.END) {
            return "the end of the file";
        }
        if (token instanceof Word w) {
            return w.text();
        } else if (token instanceof Identifier id) {
            return "\"" + id.text() + "\"";
        } else if (token instanceof Text t) {
            return "text '" + (t.text().length() > 40 ? t.text().substring(0, 40) + "…" : t.text()) + "'";
        }
        return token instanceof byte[] ? "a blob" : "'" + token + "'";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
