package io.slipway.migrate;

import java.time.Instant;

/**
 * Who holds a database's migration lock, as its lock row says; times are the database server's.
 *
 * @param owner      host, process id and a token per migrator, e.g. {@code web-1 pid 4242 #5f1c09aa}
 * @param acquiredAt when it took the lock
 * @param expiresAt  when its lease runs out unless its heartbeat renews it; after that another
 *                   migrator may take the lock over
 */
public record LockHolder(String owner, Instant acquiredAt, Instant expiresAt) {

    /** {@code web-1 pid 4242 #5f1c09aa (since …, lease expires at …)}, for messages. */
    public String describe() {
        return owner + " (since " + acquiredAt + ", lease expires at " + expiresAt + ")";
    }
}
