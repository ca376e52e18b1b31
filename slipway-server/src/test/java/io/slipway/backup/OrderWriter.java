package io.slipway.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** An app writing to {@code orders(id, body)} one row per transaction, as fast as it can, until closed. */
final class OrderWriter implements AutoCloseable {
    private final AtomicLong committed = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    private OrderWriter(Path db) {
        thread = new Thread(() -> write(db), "order-writer");
    }

    static OrderWriter start(Path db) {
        OrderWriter w = new OrderWriter(db);
        w.thread.start();
        return w;
    }

    /** Rows committed so far. */
    long committed() {
        return committed.get();
    }

    private void write(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement insert = c.prepareStatement("INSERT INTO orders (body) VALUES (?)")) {
            c.createStatement().execute("PRAGMA busy_timeout=10000");
            while (!stop.get()) {
                insert.setString(1, "order " + committed.get());
                insert.executeUpdate();
                committed.incrementAndGet();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join();
    }
}
