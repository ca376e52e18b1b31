package io.slipway.backup;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Inserts rows at a fixed rate on a timer thread and records, for each, the wall-clock time just
 * before its insert and just after its commit: what a PITR test compares restores against.
 */
final class PacedWriter {
    /** One committed row: it is in the database from some instant in {@code [beforeMillis, afterMillis]}. */
    record Commit(long id, long beforeMillis, long afterMillis) {
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Queue<Commit> commits = new ConcurrentLinkedQueue<>();
    private final AppDatabase db;
    private volatile SQLException failure;

    private PacedWriter(AppDatabase db) {
        this.db = db;
    }

    static PacedWriter start(AppDatabase db, int perSecond) {
        PacedWriter writer = new PacedWriter(db);
        writer.timer.scheduleAtFixedRate(writer::insertOne, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
        return writer;
    }

    private void insertOne() {
        if (failure != null) {
            return;
        }
        try {
            long before = System.currentTimeMillis();
            long id = db.insert(before);
            commits.add(new Commit(id, before, System.currentTimeMillis()));
        } catch (SQLException e) {
            failure = e;
        }
    }

    int committed() {
        return commits.size();
    }

    /** Stops writing; every commit made, in order. */
    List<Commit> stop() throws SQLException, InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("writer did not stop within 10 s");
        }
        if (failure != null) {
            throw failure;
        }
        return new ArrayList<>(commits);
    }
}
