package io.slipway.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Continuous point-in-time capture of a SQLite database (WAL mode) into a replica directory,
 * after Litestream's design: a snapshot, then every few hundred milliseconds the transactions
 * committed since, copied straight out of the WAL file as a <em>segment</em> stamped with the
 * capture time. {@link PointInTimeRestore} rebuilds the database as of any instant from them.
 *
 * <h2>Layout</h2>
 * <pre>
 * replicaDir/generations/&lt;gen&gt;/snapshots/&lt;index&gt;-&lt;capturedAtMillis&gt;.snap
 * replicaDir/generations/&lt;gen&gt;/wal/&lt;index&gt;-&lt;firstFrame&gt;-&lt;capturedAtMillis&gt;.seg
 * </pre>
 * A generation is one unbroken history (named by its hex creation time). A start continues the
 * newest generation when the WAL is still in the cycle its last file ended in, so that no frame
 * can have been lost while nothing captured; otherwise, and on any loss of continuity, a new one
 * begins with a full snapshot. Files are gzip'ed, carry a SHA-256 and name the WAL frames
 * they cover ({@link ReplicaFileHeader}); given the app's backup key, their bodies are encrypted with
 * it as backup archives are. They are written to a temporary name, forced and renamed.
 * A segment keeps only the newest version of each page its transactions wrote, since no instant
 * between two polls can be restored anyway.
 *
 * <h2>Why no frame is lost to a checkpoint</h2>
 * SQLite copies WAL frames into the database (checkpoint) and then <em>restarts</em> the WAL,
 * overwriting it from the first frame with new salts. Frames overwritten before capture read them
 * would be gone. Capture prevents this the way Litestream does, by holding a read transaction on
 * a connection of its own between polls: SQLite never checkpoints past a reader's snapshot and
 * never restarts the WAL under a reader that uses it. (A reader that started when the WAL was
 * fully checkpointed does not use it, and allows exactly one restart, but then also blocks every
 * further checkpoint, so that restart can only come before any new frame.)
 *
 * <p>The read transaction is renewed only in a <em>seal</em>, under the write lock
 * ({@code BEGIN IMMEDIATE} on a second connection, which never writes): copy the WAL up to its
 * very end, end the read transaction, begin a new one, release the lock, and checkpoint at once
 * ({@code PRAGMA wal_checkpoint(PASSIVE)}) so the backfill runs on the capture thread and not in
 * the application's next commit. No transaction can commit in between, so the renewed read
 * transaction sits exactly where the copy ends. Once a second
 * ({@value WalCapture#RESTART_EVERY_MILLIS} ms), or after {@value WalCapture#RESTART_SOONEST_MILLIS} ms
 * once the WAL cycle fills {@value WalCapture#RESTART_AT_FILL_PERCENT} % of the WAL file, a seal goes
 * on to let the WAL <em>restart</em>: under the lock again, copy the few frames written meanwhile, end the read transaction, checkpoint, and
 * begin a new one on the fully checkpointed WAL. When the WAL is restarted later, the frames it
 * drops are exactly the ones copied up to the seal; capture accepts a new WAL cycle only in that
 * case (header checkpoint sequence and salt-1 one higher, position still at the seal). Anything
 * else — the WAL restarted elsewhere, salts it cannot place — starts a new generation with a fresh
 * snapshot; it never continues across a gap. Seals happen once the WAL cycle is
 * {@value WalCapture#SEAL_AFTER_FRAMES} frames long and for snapshots; each step first copies what
 * is new outside the lock, so the application's writers wait only for a short tail to be read.
 * Restarting on every seal cost a writer running flat out a quarter of its throughput (the restart
 * step checkpoints, fsyncs included, under the lock); letting the WAL outgrow its file cost a writer
 * at {@code synchronous=FULL} as much (every commit's fsync then waits for a journal commit), hence
 * the policy above; a seal writes what it read as one segment, and polls come no more often than
 * the poll interval, for the same reason (docs/performance.md). The application may keep its own
 * auto-checkpoint: it checkpoints up to capture's read transaction, and is what keeps the database
 * file current between seals.
 *
 * <h2>What a poll copies</h2>
 * Frames are checked as SQLite's own recovery does (salts equal to the header's, cumulative
 * checksum right) and copied up to the last commit frame, so only whole transactions are copied
 * and a transaction being written is left for the next poll. The segment is stamped with the
 * clock <em>after</em> the WAL was read, so a restore to T never holds a transaction committed
 * after T, and holds every transaction committed before T minus one poll interval and the time
 * to read the WAL (the recovery point; 200 ms poll interval by default).
 *
 * <p>Thread-safe. One daemon thread per replica does all the capture work.
 */
public final class WalReplica implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalReplica.class);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

    private final WalCapture capture;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final long pollMillis;
    private volatile Instant lastCapturedAt;
    private volatile String lastError;
    private boolean closed;

    private WalReplica(WalCapture capture, Clock clock, Duration pollInterval, String name) {
        this.capture = capture;
        this.clock = clock;
        this.lastCapturedAt = clock.instant();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "slipway-wal-capture-" + name);
            t.setDaemon(true);
            return t;
        });
        // close() runs the final capture itself; the next scheduled poll must not hold the thread alive.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
        this.pollMillis = pollInterval.toMillis();
        thread.schedule(this::pollAndReschedule, pollMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts capturing {@code database} into {@code replicaDir}: a new generation and its snapshot
     * (before this returns), then the new transactions every {@code pollInterval}.
     *
     * @throws NotInWalModeException when the database is not in WAL journal mode
     * @throws ReplicaException      when the database cannot be opened or the replica directory written
     */
    public static WalReplica start(Path database, Path replicaDir, Clock clock, Duration pollInterval) {
        return start(database, replicaDir, clock, pollInterval, null);
    }

    /**
     * {@link #start(Path, Path, Clock, Duration)}, encrypting every snapshot and segment with {@code key},
     * the app's backup key (see {@link BackupKeys}), unless it is null; restore and verify then need it.
     */
    public static WalReplica start(Path database, Path replicaDir, Clock clock, Duration pollInterval, byte[] key) {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
        if (key != null) {
            ArchiveOptions.requireKeyLength(key);
        }
        try {
            Files.createDirectories(replicaDir);
            WalCapture capture = WalCapture.open(database, replicaDir, clock, key == null ? null : key.clone());
            return new WalReplica(capture, clock, pollInterval, database.getFileName().toString());
        } catch (IOException | SQLException e) {
            throw new ReplicaException("cannot start capturing " + database + " into " + replicaDir + ": " + e.getMessage(), e);
        }
    }

    /** {@link #start(Path, Path, Clock, Duration)} with the system clock and a 200 ms poll interval. */
    public static WalReplica start(Path database, Path replicaDir) {
        return start(database, replicaDir, Clock.systemUTC(), DEFAULT_POLL_INTERVAL);
    }

    /**
     * Polls, then schedules the next poll one interval after this one began (at once if it took
     * longer). Polls therefore never come more often than the interval: each writes a segment file,
     * and each file is a journal commit the application's own fsyncs may queue behind.
     */
    private void pollAndReschedule() {
        long began = System.nanoTime();
        poll();
        long tookMillis = (System.nanoTime() - began) / 1_000_000;
        try {
            thread.schedule(this::pollAndReschedule, Math.max(0, pollMillis - tookMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("wal capture stopped polling generation={}", capture.generation().name());
        }
    }

    private void poll() {
        try {
            capture.poll();
            lastCapturedAt = clock.instant();
            lastError = null;
        } catch (IOException | SQLException | ReplicaException e) {
            // The position did not move, so the next poll copies the same frames again; keep polling.
            lastError = e.getMessage();
            log.warn("wal capture poll failed generation={} error=\"{}\"", capture.generation().name(), e.getMessage());
        }
    }

    /** What has been captured; the file counts are read from the replica directory. */
    public ReplicaStatus status() {
        Generation g = Generation.load(capture.generation().dir());
        long bytes = 0;
        for (ReplicaName n : concat(g)) {
            bytes += sizeOf(n.path());
        }
        Instant last = lastCapturedAt;
        return new ReplicaStatus(g.name(), g.snapshots().size(), g.segments().size(), bytes, last, lagMillis(last),
                lastError);
    }

    /**
     * What capture has done, without reading the replica directory: cheap enough for every scrape. Only a
     * successful poll moves {@code lastCapturedAt}, so while polls fail the lag grows.
     */
    CaptureStatus capture() {
        Instant last = lastCapturedAt;
        return new CaptureStatus(true, last, lagMillis(last), lastError);
    }

    private long lagMillis(Instant lastCaptured) {
        return Math.max(0, clock.millis() - lastCaptured.toEpochMilli());
    }

    private static Iterable<ReplicaName> concat(Generation g) {
        return java.util.stream.Stream.concat(g.snapshots().stream(), g.segments().values().stream())::iterator;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // removed by compaction while we listed: it no longer counts
        }
    }

    /**
     * Takes a snapshot now, after copying what is pending; compaction can then drop everything
     * older. Blocks until the snapshot file is written.
     */
    public void snapshot() {
        call(() -> {
            capture.snapshot();
            return null;
        }, "snapshot");
    }

    /** One poll now, waited for; lets tests drive capture with a test clock instead of the schedule. */
    void captureNow() {
        call(() -> {
            capture.poll();
            lastCapturedAt = clock.instant();
            return null;
        }, "capture");
    }

    /** Stops polling, captures what is pending, and releases the database; waits for all of it. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Future<Object> last = thread.submit(() -> {
            capture.close();
            return null;
        });
        thread.shutdown();
        await(last, "close");
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void call(Callable<Object> work, String what) {
        synchronized (this) {
            if (closed) {
                throw new ReplicaException(what + " refused: the replica is closed");
            }
        }
        await(thread.submit(work), what);
    }

    private static void await(Future<Object> work, String what) {
        try {
            work.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof ReplicaException r ? r : new ReplicaException(what + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new ReplicaException(what + " did not finish within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicaException(what + " interrupted", e);
        }
    }
}
