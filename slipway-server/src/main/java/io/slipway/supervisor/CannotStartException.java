package io.slipway.supervisor;

/**
 * An instance's process could not be spawned, e.g.
 * {@code apps.web.command: cannot start "/no/such": No such file or directory}.
 */
public class CannotStartException extends SupervisorException {
    public CannotStartException(String message) {
        super(message);
    }

    public CannotStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
