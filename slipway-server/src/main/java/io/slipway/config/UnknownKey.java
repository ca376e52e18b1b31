package io.slipway.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The message for a key the schema does not know, with a "did you mean" for a likely typo. */
final class UnknownKey {
    private static final int MAX_TYPO_DISTANCE = 2;

    private UnknownKey() {
    }

    static String message(String key, List<String> allowed) {
        return allowed.stream()
                .filter(k -> typoDistance(k, key) <= MAX_TYPO_DISTANCE)
                .min(Comparator.comparingInt(k -> typoDistance(k, key)))
                .map(k -> "unknown key, did you mean " + k + "?")
                .orElse("unknown key, expected one of " + String.join(", ", allowed));
    }

    private static int typoDistance(String expected, String key) {
        return distance(expected.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT));
    }

    /** Levenshtein distance (insertions, deletions, substitutions). */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
