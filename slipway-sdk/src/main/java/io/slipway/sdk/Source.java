package io.slipway.sdk;

/** Where the rules a {@link SlipwayFlags} client evaluates came from. */
public enum Source {
    /** From the server's event stream, the normal case: changes arrive within milliseconds. */
    SERVER_STREAM,
    /** From polling the server while its event stream was unavailable. */
    SERVER_POLL,
    /** From the on-disk copy of the last rules received, the server not reached yet since start. */
    CACHE,
    /** From the bootstrap file, with neither the server nor a cache available. */
    BOOTSTRAP,
    /** No rules at all: every flag is off (or its fallback). */
    NONE;

    /** True for rules received from the server in this process. */
    boolean fromServer() {
        return this == SERVER_STREAM || this == SERVER_POLL;
    }
}
