package io.slipway.server;

/** The server cannot start; the message names what is in the way and what to do. */
public final class ServerStartException extends RuntimeException {
    public ServerStartException(String message) {
        super(message);
    }
}
