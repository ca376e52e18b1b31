package io.slipway.config;

/** A YAML text that cannot be read at all; the message starts with {@code source:line:column}. */
public final class YamlSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public YamlSyntaxException(String message) {
        super(message);
    }
}
