package io.slipway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Slipway's own database, the source of truth for apps, processes, deployments and routes: an SQLite
 * file or a PostgreSQL database ({@link StoreLocation}), its schema migrated on open ({@link StoreSchema}).
 *
 * <p>One unit of work at a time, under a lock: the control plane writes a few rows per second at
 * most, and serial work keeps locking simple (on SQLite one connection serves it all). Other processes
 * (the gateway) read with connections of their own ({@link RouteReader}); SQLite's WAL mode lets them
 * read while we write.
 */
public final class Store implements AutoCloseable {
    /** How long {@link #reachable()} waits for the store to answer. */
    public static final Duration REACHABLE_WAIT = Duration.ofSeconds(2);
    private final StoreLocation location;
    private final StoreConnections connections;
    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private CompletableFuture<Boolean> probe;

    private Store(StoreLocation location, StoreConnections connections, Clock clock) {
        this.location = location;
        this.connections = connections;
        this.clock = clock;
    }

    /**
     * Opens (creating if needed) the store and brings its schema up to date.
     *
     * @throws StoreException naming the store when it cannot be reached or migrated
     */
    public static Store open(StoreLocation location, Clock clock) {
        StoreConnections connections;
        try {
            connections = location.openForWriting();
        } catch (SQLException e) {
            throw new StoreException("cannot open store " + location + ": " + e.getMessage(), e);
        }
        Store store = new Store(location, connections, clock);
        try {
            StoreSchema.migrate(store);
        } catch (StoreException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Opens (creating if needed) an SQLite store. */
    public static Store open(Path file, Clock clock) {
        return open(StoreLocation.sqlite(file), clock);
    }

    public StoreLocation location() {
        return location;
    }

    public Clock clock() {
        return clock;
    }

    /** Runs {@code work} in one transaction; rolls back and rethrows on failure. */
    public <T> T write(SqlWork<T> work) {
        lock.lock();
        try {
            return connections.use(connection -> inTransaction(connection, work));
        } catch (SQLException e) {
            throw new StoreException("store write failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Runs a read; no write of this process comes between its statements. */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return connections.use(work);
        } catch (SQLException e) {
            throw new StoreException("store read failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the store answers a query, within {@link #REACHABLE_WAIT}: /health/ready and the
     * {@code slipway_store_up} gauge ask. A PostgreSQL store that is down makes the pool try to connect
     * for up to its connect timeout; the check goes on in the background meanwhile (one at a time, later
     * callers share it) and its caller hears "unreachable" once the wait is over.
     */
    public boolean reachable() {
        CompletableFuture<Boolean> check;
        synchronized (this) {
            if (probe == null || probe.isDone()) {
                probe = CompletableFuture.supplyAsync(this::answers, work -> {
                    Thread t = new Thread(work, "slipway-store-probe");
                    t.setDaemon(true);
                    t.start();
                });
            }
            check = probe;
        }
        try {
            return check.get(REACHABLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean answers() {
        try {
            return read(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeQuery("SELECT 1").next();
                }
            });
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connections.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close store " + location + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
