package io.slipway.supervisor;

/**
 * One instance of a running version as callers (gateway, orchestrator, API) see it.
 *
 * @param id       {@code app/version/index}
 * @param port     where it listens on 127.0.0.1
 * @param pid      its process, 0 when none is alive (starting, backing off, failed)
 * @param restarts restarts after exits so far
 * @param lastExit how its last process ended, or null
 */
public record Instance(String id, int index, int port, long pid, InstanceState state, int restarts, String lastExit) {
}
