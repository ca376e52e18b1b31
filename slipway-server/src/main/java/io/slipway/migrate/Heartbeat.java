package io.slipway.migrate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renews the lease of a held migration lock every third of its length, on a connection of its own,
 * so that a long script does not lose the lock. On SQLite a renewal cannot run while a script's
 * transaction holds the database's write lock; it is skipped then (nobody can take the lock over
 * meanwhile either), and the renewal before that transaction's COMMIT extends the lease again.
 * If a renewal finds the lock taken over, the next script's own renewal stops the run.
 */
final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    private final MigrationDatabase database;
    private final String renewal;
    private final Duration lease;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> beats;
    private Session session;

    private Heartbeat(MigrationDatabase database, String renewal, Duration lease, ScheduledExecutorService scheduler) {
        this.database = database;
        this.renewal = renewal;
        this.lease = lease;
        this.scheduler = scheduler;
        long every = Math.max(1, lease.toMillis() / 3);
        this.beats = scheduler.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    static Heartbeat start(MigrationDatabase database, String renewal, Duration lease, ScheduledExecutorService scheduler) {
        return new Heartbeat(database, renewal, lease, scheduler);
    }

    private void beat() {
        try {
            if (session == null) {
                session = database.open(false, lease.dividedBy(4));
            }
            if (session.execute(renewal) != 1) {
                log.warn("event=migration-lease-lost database={} (another migrator took the lock over)",
                        database.describe());
            }
        } catch (SQLException | MigrationException e) {
            skipped(e);
        }
    }

    /** Expected on SQLite while a script's transaction holds the write lock; worth a warning on PostgreSQL. */
    private void skipped(Exception e) {
        if (database.dialect() == Dialect.SQLITE) {
            log.debug("event=migration-lease-renewal-skipped database={} error=\"{}\"", database.describe(), e.getMessage());
        } else {
            log.warn("event=migration-lease-renewal-failed database={} error=\"{}\"", database.describe(), e.getMessage());
        }
    }

    /** Stops renewing and closes the connection, on the scheduler's thread so no renewal is cut off half-way. */
    @Override
    public void close() {
        beats.cancel(false);
        scheduler.execute(() -> {
            try {
                if (session != null) {
                    session.close();
                }
            } catch (SQLException e) {
                log.debug("event=migration-heartbeat-close-failed error=\"{}\"", e.getMessage());
            }
        });
    }
}
