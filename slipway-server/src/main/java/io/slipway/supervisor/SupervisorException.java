package io.slipway.supervisor;

/** A supervisor operation was refused or failed; the message names the offending value. */
public class SupervisorException extends RuntimeException {
    public SupervisorException(String message) {
        super(message);
    }

    public SupervisorException(String message, Throwable cause) {
        super(message, cause);
    }
}
