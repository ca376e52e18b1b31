package io.slipway.migrate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Takes a database's migration lock, waiting while another migrator's lease runs: it tries the
 * lock statement every poll interval (on a scheduler, not by sleeping) until it takes the lock or
 * the wait time, read from the injected clock, has passed.
 */
final class MigrationLock {
    private static final Logger log = LoggerFactory.getLogger(MigrationLock.class);
    private final LockTable table;
    private final MigrationOptions options;
    private final Clock clock;
    private final MigrationListener listener;
    private final String database;
    private String reportedOwner;

    MigrationLock(LockTable table, MigrationOptions options, Clock clock, MigrationListener listener, String database) {
        this.table = table;
        this.options = options;
        this.clock = clock;
        this.listener = listener;
        this.database = database;
    }

    /** @throws MigrationLockException naming the holder and its lease when the wait time passes */
    void acquire(Session session, ScheduledExecutorService scheduler) throws SQLException {
        Instant deadline = clock.instant().plus(options.lockWait());
        CompletableFuture<Void> taken = new CompletableFuture<>();
        ScheduledFuture<?> attempts = scheduler.scheduleWithFixedDelay(() -> attempt(session, deadline, taken),
                0, options.lockPoll().toMillis(), TimeUnit.MILLISECONDS);
        try {
            taken.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted while waiting for the migration lock on " + database, e);
        } finally {
            attempts.cancel(false);
        }
    }

    private void attempt(Session session, Instant deadline, CompletableFuture<Void> taken) {
        if (taken.isDone()) {
            return;
        }
        try {
            if (session.execute(table.acquire()) == 1) {
                log.debug("event=migration-lock-taken database={}", database);
                taken.complete(null);
                return;
            }
            Optional<LockHolder> holder = LockTable.holder(session);
            if (holder.isPresent()) {
                waiting(holder.get(), deadline, taken);
            }
        } catch (SQLException e) {
            busy(session, e, deadline, taken);
        } catch (RuntimeException e) {
            taken.completeExceptionally(e);
        }
    }

    /** An SQLite database kept busy by a writer (another migrator's script, the app) is waited for like a held lock. */
    private void busy(Session session, SQLException e, Instant deadline, CompletableFuture<Void> taken) {
        if (!session.dialect().busy(e)) {
            taken.completeExceptionally(e);
        } else if (!clock.instant().isBefore(deadline)) {
            taken.completeExceptionally(new MigrationLockException("cannot take the migration lock on " + database
                    + ": a writer kept the database locked; gave up after waiting " + options.lockWait().toSeconds()
                    + " s", null));
        } else {
            log.debug("event=migration-lock-busy database={}", database);
        }
    }

    private void waiting(LockHolder holder, Instant deadline, CompletableFuture<Void> taken) {
        if (!clock.instant().isBefore(deadline)) {
            taken.completeExceptionally(new MigrationLockException("the migration lock on " + database + " is held by "
                    + holder.describe() + "; gave up after waiting " + options.lockWait().toSeconds() + " s. It is"
                    + " released when that migrator finishes, or taken over once its lease expires", holder));
        } else if (!holder.owner().equals(reportedOwner)) {
            reportedOwner = holder.owner();
            log.info("event=migration-lock-wait database={} holder=\"{}\"", database, holder.describe());
            listener.waitingForLock(holder);
        }
    }

    private static SQLException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof SQLException s) {
            return s;
        }
        throw new IllegalStateException(cause);
    }

    /** Gives the lock back; a failure is logged, not thrown, since the lease runs out anyway. */
    void release(Session session) {
        try {
            if (session.execute(table.release()) != 1) {
                log.warn("event=migration-lock-lost database={} (it was taken over before release)", database);
            }
        } catch (SQLException e) {
            log.warn("event=migration-lock-release-failed database={} error=\"{}\" (its lease runs out)", database,
                    e.getMessage());
        }
    }
}
