package io.slipway.flags;

import java.util.List;

/**
 * A flags.yaml refused, and so not applied at all: every problem found, one per line, each starting with
 * {@code file:line:column} and naming the field's path and value.
 */
public final class FlagsFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public FlagsFileException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each like {@code flags.yaml:12:9: flags.checkout.environments.production.strategies[1].rollout: …}. */
    public List<String> problems() {
        return problems;
    }
}
