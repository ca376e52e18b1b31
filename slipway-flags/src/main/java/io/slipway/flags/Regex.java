package io.slipway.flags;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * REGEX constraints with the semantics of Unleash's engine (Rust's regex crate, RE2-like): POSIX
 * bracket classes such as {@code [[:alpha:]]} work, and backreferences, lookaround and atomic groups
 * are refused, since a linear-time engine has none. Java's engine backtracks, so a pattern like
 * {@code (a+)+$} could still take exponential time on a hostile context value: matching gives up
 * after a budget of character reads and counts as no match.
 */
final class Regex {
    /** Character reads one match may make: ~100 µs of work, far above any sane pattern on a context value. */
    static final int READ_BUDGET = 200_000;
    private static final Pattern UNSUPPORTED = Pattern.compile("\\\\[1-9]|\\\\k<|\\(\\?<?[=!]|\\(\\?>");
    private static final Map<String, String> POSIX = Map.ofEntries(Map.entry("alpha", "\\p{Alpha}"),
            Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s"), Map.entry("punct", "\\p{Punct}"),
            Map.entry("xdigit", "\\p{XDigit}"), Map.entry("word", "\\w"), Map.entry("blank", "\\p{Blank}"),
            Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("print", "\\p{Print}"), Map.entry("graph", "\\p{Graph}"));
    private static final Pattern POSIX_CLASS = Pattern.compile("\\[:(\\^?)([a-z]+):]");

    private Regex() {
    }

    /** @throws IllegalArgumentException naming the pattern when it does not compile or uses an unsupported construct */
    static Pattern compile(String regex, boolean caseInsensitive) {
        Matcher unsupported = UNSUPPORTED.matcher(regex);
        if (unsupported.find()) {
            throw new IllegalArgumentException("\"" + regex + "\" uses \"" + unsupported.group()
                    + "\": backreferences, lookaround and atomic groups are not supported (as in Unleash)");
        }
        try {
            return Pattern.compile(posix(regex), caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("\"" + regex + "\" is not a regular expression: " + e.getDescription(), e);
        }
    }

    /** True when {@code pattern} is found in {@code value} within the read budget. */
    static boolean find(Pattern pattern, String value) {
        try {
            return pattern.matcher(new Budgeted(value)).find();
        } catch (BudgetExceeded e) {
            return false;
        }
    }

    private static String posix(String regex) {
        Matcher m = POSIX_CLASS.matcher(regex);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String java = POSIX.get(m.group(2));
            if (java == null) {
                throw new IllegalArgumentException("\"" + regex + "\": [:" + m.group(2) + ":] is not a POSIX class");
            }
            String negated = m.group(1).isEmpty() ? java : java.startsWith("\\p") ? "\\P" + java.substring(2) : "\\S";
            m.appendReplacement(out, Matcher.quoteReplacement(negated));
        }
        return m.appendTail(out).toString();
    }

    /** A string that counts reads and stops a runaway match. */
    private static final class Budgeted implements CharSequence {
        private final String value;
        private int reads;

        Budgeted(String value) {
            this.value = value;
        }

        @Override
        public char charAt(int index) {
            if (++reads > READ_BUDGET) {
                throw new BudgetExceeded();
            }
            return value.charAt(index);
        }

        @Override
        public int length() {
            return value.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return value.subSequence(start, end);
        }

        @Override
        public String toString() {
            return value;
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }
}
