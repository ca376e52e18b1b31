package io.slipway.sdk;

/** A ruleset that does not parse or breaks the flag model's rules; the message says where it came from. */
final class InvalidRulesetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidRulesetException(String message) {
        super(message);
    }

    InvalidRulesetException(String message, Throwable cause) {
        super(message, cause);
    }
}
