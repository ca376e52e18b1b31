package io.slipway.flags;

/** The one rule for flag, segment, variant and strategy names, so every place refuses the same ones. */
final class Names {
    static final int MAX_LENGTH = 200;

    private Names() {
    }

    /**
     * Checks a key: 1 to 200 characters, no whitespace, control characters or '/' (keys appear in URLs
     * and in the CLI); any other Unicode is allowed, as Unleash allows it.
     */
    static String requireKey(String what, String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(what + ": missing");
        }
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + ": \"" + key.substring(0, 40) + "…\" is longer than "
                    + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '/') {
                throw new IllegalArgumentException(what + ": \"" + key
                        + "\" may not contain whitespace, control characters or '/'");
            }
        }
        return key;
    }
}
