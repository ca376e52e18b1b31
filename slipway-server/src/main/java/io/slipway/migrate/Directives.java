package io.slipway.migrate;

import java.util.List;

/**
 * What a script's leading comment lines ask of the engine: {@code -- slipway:no-transaction} (run its
 * statements one by one, outside a transaction, for statements that cannot run in one, such as
 * PostgreSQL's {@code CREATE INDEX CONCURRENTLY} or SQLite's {@code VACUUM}) and
 * {@code -- slipway:contract} (it removes what the previous app version still uses). Only the
 * {@code --} lines before the first statement are read; an unknown {@code slipway:} word is an
 * error rather than silently ignored, so that a misspelt no-transaction does not run in one.
 */
record Directives(boolean noTransaction, boolean contract) {
    private static final String PREFIX = "slipway:";
    private static final String NO_TRANSACTION = "no-transaction";
    private static final String CONTRACT = "contract";

    /** @throws IllegalArgumentException naming the file and the unknown directive */
    static Directives parse(String file, String text) {
        List<String> words = text.lines().map(String::strip)
                .takeWhile(line -> line.isEmpty() || line.startsWith("--"))
                .map(line -> line.isEmpty() ? "" : line.substring(2).strip())
                .filter(comment -> comment.startsWith(PREFIX))
                .map(comment -> word(file, comment))
                .toList();
        return new Directives(words.contains(NO_TRANSACTION), words.contains(CONTRACT));
    }

    private static String word(String file, String comment) {
        String word = comment.substring(PREFIX.length()).strip();
        if (!word.equals(NO_TRANSACTION) && !word.equals(CONTRACT)) {
            throw new IllegalArgumentException(file + ": unknown directive \"-- " + comment
                    + "\"; known: -- slipway:" + NO_TRANSACTION + ", -- slipway:" + CONTRACT);
        }
        return word;
    }
}
