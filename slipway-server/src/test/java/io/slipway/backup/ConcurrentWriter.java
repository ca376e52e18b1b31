package io.slipway.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inserts rows into {@code events} as fast as one connection can, each in its own transaction,
 * and remembers the id of every row whose commit has returned.
 */
final class ConcurrentWriter implements AutoCloseable {
    private final List<Long> committed = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private final long started = System.nanoTime();
    private volatile boolean running = true;
    private volatile long stopped;

    private ConcurrentWriter(PostgresTarget target) {
        thread = new Thread(() -> write(target), "concurrent-writer");
        thread.start();
    }

    static ConcurrentWriter start(PostgresTarget target) {
        return new ConcurrentWriter(target);
    }

    private void write(PostgresTarget target) {
        try (Connection c = PostgresCatalog.connect(target);
             PreparedStatement insert = c.prepareStatement("INSERT INTO events (payload) VALUES (?) RETURNING id")) {
            for (int i = 0; running; i++) {
                insert.setString(1, "event " + i);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    long id = rs.getLong(1);
                    synchronized (committed) {
                        committed.add(id);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            failure.set(e);
        }
    }

    /** Ids of the rows committed so far, in commit order. */
    List<Long> committed() {
        if (failure.get() != null) {
            throw new IllegalStateException("the writer failed", failure.get());
        }
        synchronized (committed) {
            return List.copyOf(committed);
        }
    }

    /** Commits per second since the writer started, up to now or to when it stopped. */
    double rowsPerSecond() {
        long end = stopped == 0 ? System.nanoTime() : stopped;
        return committed().size() / ((end - started) / 1e9);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        stopped = System.nanoTime();
    }
}
