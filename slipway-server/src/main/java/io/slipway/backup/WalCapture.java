package io.slipway.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.BusyHandler;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.IntStream;

import static io.slipway.backup.SqliteConnections.beginRead;
import static io.slipway.backup.SqliteConnections.closeAfterFailure;
import static io.slipway.backup.SqliteConnections.connect;
import static io.slipway.backup.SqliteConnections.execute;
import static io.slipway.backup.SqliteConnections.queryString;

/**
 * The capture side of {@link WalReplica}: two connections to the database, the WAL position, and
 * the current generation. Used by the replica's single capture thread only, so not thread-safe.
 *
 * <p>{@code reader} holds a read transaction at all times except inside a seal; {@code writer}
 * only ever takes the write lock ({@code BEGIN IMMEDIATE} … {@code ROLLBACK}) and never writes.
 * Why both, and why a seal is safe, is explained on {@link WalReplica}.
 */
final class WalCapture implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCapture.class);
    /** Seal once the WAL cycle is this long, SQLite's own auto-checkpoint default (about 4 MB of 4 KB pages). */
    static final int SEAL_AFTER_FRAMES = 1000;
    /**
     * A seal lets the WAL restart at most this often. Renewing the read transaction is cheap for the
     * application; the restart step is not (it checkpoints under the write lock, fsyncs included), and
     * restarting on every 1000 frames cost a writer running flat out a quarter of its throughput.
     * The price is a WAL that grows to up to one second of writes between restarts.
     */
    static final long RESTART_EVERY_MILLIS = 1000;
    /**
     * A seal lets the WAL restart this soon after the last restart once the WAL cycle fills
     * {@value #RESTART_AT_FILL_PERCENT} % of the WAL file. Past the file's end every commit extends
     * the file, and at {@code synchronous=FULL} each commit's fsync then waits for a journal commit:
     * a WAL that grew for a second at a time cost such a writer 15-20 % of its throughput; restarting
     * before the file's end, about 5 % (docs/performance.md).
     */
    static final long RESTART_SOONEST_MILLIS = 250;
    static final int RESTART_AT_FILL_PERCENT = 80;
    /** How long a seal waits for the application's current write transaction to end before trying next poll. */
    private static final int WRITE_LOCK_TIMEOUT_MILLIS = 2000;

    private final Path database;
    private final Path wal;
    private final Path replicaDir;
    private final Clock clock;
    /** The backup key snapshots and segments are encrypted with, or null for plaintext files. */
    private final byte[] key;
    private final Connection reader;
    private final Connection writer;
    private boolean reading;
    private volatile Generation generation;
    private long nextIndex;
    private WalPosition position = WalPosition.EMPTY;
    private WalPosition sealed = WalPosition.EMPTY;
    private long restartedAtMillis;
    private long walFileFrames;
    private final int pageSize;
    /** Runs in each seal step between reading the tail and renewing the read transaction; a test seam. */
    Runnable duringSeal = () -> { };

    private WalCapture(Path database, Path replicaDir, Clock clock, byte[] key, Connection reader, Connection writer,
                       int pageSize) {
        this.database = database;
        this.wal = database.resolveSibling(database.getFileName() + "-wal");
        this.replicaDir = replicaDir;
        this.clock = clock;
        this.key = key;
        this.reader = reader;
        this.writer = writer;
        this.pageSize = pageSize;
    }

    /**
     * Opens both connections and starts a new generation with its first snapshot.
     *
     * @throws NotInWalModeException when the database is not in WAL mode
     */
    static WalCapture open(Path database, Path replicaDir, Clock clock) throws IOException, SQLException {
        return open(database, replicaDir, clock, null);
    }

    /** {@link #open(Path, Path, Clock)}, encrypting every file with {@code key} unless it is null. */
    static WalCapture open(Path database, Path replicaDir, Clock clock, byte[] key) throws IOException, SQLException {
        Path db = database.toAbsolutePath().normalize();
        if (!Files.isRegularFile(db)) {
            throw new ReplicaException("database " + db + " does not exist; capture needs an existing database in WAL mode");
        }
        Connection reader = connect(db, 5000);
        Connection writer = null;
        try {
            requireWalMode(reader, db);
            writer = connect(db, WRITE_LOCK_TIMEOUT_MILLIS);
            BusyHandler.setHandler(writer, new YieldingBusyHandler(WRITE_LOCK_TIMEOUT_MILLIS));
            // WAL mode fixes the page size; only the restart policy's estimate of the WAL file uses it.
            int pageSize = Integer.parseInt(queryString(reader, "PRAGMA page_size"));
            WalCapture capture = new WalCapture(db, replicaDir.toAbsolutePath().normalize(), clock, key, reader, writer,
                    pageSize);
            if (!capture.resume()) {
                capture.startGeneration();
            }
            return capture;
        } catch (IOException | SQLException | RuntimeException e) {
            closeAfterFailure(writer, e);
            closeAfterFailure(reader, e);
            throw e;
        }
    }


    private static void requireWalMode(Connection c, Path db) throws SQLException {
        String mode = queryString(c, "PRAGMA journal_mode");
        if (!"wal".equalsIgnoreCase(mode)) {
            throw new NotInWalModeException("database " + db + " is in journal_mode=" + mode
                    + "; point-in-time capture reads the WAL, so the database must use PRAGMA journal_mode=WAL");
        }
    }

    Generation generation() {
        return generation;
    }

    /**
     * Copies the transactions committed since the last poll into one segment, sealing first when
     * the WAL cycle has grown long. A WAL that no longer continues what was copied starts a new
     * generation.
     */
    void poll() throws IOException, SQLException {
        try {
            WalDelta delta = WalFile.readAfter(wal, position, sealed);
            if (delta.end().frame() >= SEAL_AFTER_FRAMES && !delta.end().equals(sealed)) {
                delta = seal(delta, restartDue(delta.end().frame()));
            }
            writeSegment(delta);
        } catch (WalGapException e) {
            log.warn("wal capture lost continuity db={} generation={} reason=\"{}\"; starting a new generation",
                    database, generation.name(), e.getMessage());
            startGeneration();
        }
    }

    /** A snapshot at the current end of the WAL, numbered to continue the chain. */
    void snapshot() throws IOException, SQLException {
        if (!lockWrites()) {
            throw new ReplicaException("snapshot of " + database + " not taken: the write lock stayed busy for "
                    + WRITE_LOCK_TIMEOUT_MILLIS + " ms");
        }
        WalDelta tail;
        WalDelta all;
        try {
            tail = WalFile.readAfter(wal, position, sealed);
            renewRead(tail.end(), true);
            all = WalFile.readAll(wal);
        } finally {
            unlockWrites();
        }
        writeSegment(tail);
        // No header means the application truncated the WAL after a full checkpoint: the file alone is current.
        if (all.end().known() && !all.end().equals(position)) {
            throw new WalGapException(wal + " does not end where capture is (frame " + position.frame() + ")");
        }
        writeSnapshot(all);
    }

    private void capture() throws IOException {
        writeSegment(WalFile.readAfter(wal, position, sealed));
    }

    /** Writes {@code delta} as the next segment, if it holds anything; only then does the position move. */
    private void writeSegment(WalDelta delta) throws IOException {
        if (delta.isEmpty()) {
            return;
        }
        long at = clock.millis();
        ReplicaFileHeader header = ReplicaFileHeader.of(ReplicaFileHeader.Kind.SEGMENT, nextIndex, at,
                delta.pageSize(), delta.end(), delta.firstFrame(), delta.lastFrame(), delta.dbSizePages(),
                delta.pages().size());
        Path file = generation.segmentPath(nextIndex, delta.firstFrame(), at);
        ReplicaFiles.write(file, header, delta.pages().keySet(), delta.pages()::get, key);
        nextIndex++;
        position = delta.end();
    }

    /**
     * Moves the read transaction to the WAL's end, and lets SQLite restart the WAL when {@code restart}.
     * {@code copied} was read outside the lock, so the lock is held only to read a short tail; after
     * the move the capture thread checkpoints at once, so that the backfill it allows runs here
     * rather than in the application's next commit. The restart step takes the lock again: copy the
     * frames written meanwhile, checkpoint those, and take a read transaction on a fully
     * checkpointed WAL, which is what allows the restart. Each step reads the WAL to its very end
     * before it renews the read transaction, so the WAL can only ever restart exactly where capture
     * sealed.
     *
     * <p>Everything read is returned as one delta, for one segment: every file written is a
     * journal commit that the application's own fsyncs queue behind at {@code synchronous=FULL}.
     * Should writing it fail, the next poll finds the WAL restarted past the position and starts a
     * new generation rather than continue without those frames.
     *
     * @return {@code copied} and all read after it; when the write lock stayed busy, a later poll seals
     */
    private WalDelta seal(WalDelta copied, boolean restart) throws IOException, SQLException {
        WalDelta read = renewUnderLock(copied, false);
        if (read == null) {
            return copied;
        }
        checkpoint(writer);
        if (!restart) {
            return read;
        }
        WalDelta more = read.then(WalFile.readAfter(wal, read.end(), sealed));
        WalDelta restarted = renewUnderLock(more, true);
        if (restarted == null) {
            return more;
        }
        restartedAtMillis = clock.millis();
        walFileFrames = walFileFrames(Files.size(wal));
        return restarted;
    }

    /** Once a second, or sooner when the cycle is about to outgrow the WAL file. */
    private boolean restartDue(int frames) {
        long since = clock.millis() - restartedAtMillis;
        return since >= RESTART_EVERY_MILLIS
                || since >= RESTART_SOONEST_MILLIS && frames >= walFileFrames * RESTART_AT_FILL_PERCENT / 100;
    }

    /** Frames the WAL file had room for at the last restart: SQLite reuses the file, never shrinks it. */
    private long walFileFrames(long walBytes) {
        return (walBytes - WalHeader.SIZE) / (WalFile.FRAME_HEADER + pageSize);
    }

    /**
     * Reads the WAL's remaining tail after {@code copied} and renews the read transaction there
     * (after a checkpoint if asked) under the write lock.
     *
     * @return {@code copied} followed by the tail, or null when the write lock stayed busy
     */
    private WalDelta renewUnderLock(WalDelta copied, boolean checkpointFirst) throws IOException, SQLException {
        if (!lockWrites()) {
            log.info("wal capture seal deferred db={} reason=write-lock-busy frames={}", database, copied.end().frame());
            return null;
        }
        try {
            WalDelta tail = WalFile.readAfter(wal, copied.end(), sealed);
            duringSeal.run();
            renewRead(tail.end(), checkpointFirst);
            return copied.then(tail);
        } finally {
            unlockWrites();
        }
    }

    /**
     * Continues the newest generation when the WAL is still in the cycle its last file ended in, so
     * that no frame can have been lost while nothing captured (a restart of the server, say): copies
     * what was committed since, under the write lock, and takes the read transaction after it. Saves
     * a full snapshot per start. A WAL restarted meanwhile, or a replica sealed differently
     * (encrypted or not), means a new generation.
     *
     * @return false when the generation cannot be continued
     */
    private boolean resume() throws IOException, SQLException {
        Generation newest = Generation.all(replicaDir).stream().reduce((a, b) -> b).orElse(null);
        Optional<ReplicaName> tip = newest == null ? Optional.empty() : newest.tip();
        if (tip.isEmpty() || !lockWrites()) {
            return false;
        }
        WalDelta tail;
        try {
            ReplicaFileHeader last = ReplicaFiles.header(tip.get().path());
            Optional<WalPosition> at = sealedAsThisCapture(last) ? WalFile.positionAt(wal, last) : Optional.empty();
            if (at.isEmpty()) {
                return false;
            }
            // No seal to accept a restart from: a WAL in another cycle is a gap.
            tail = WalFile.readAfter(wal, at.get(), WalPosition.EMPTY);
            position = at.get();
            renewRead(tail.end(), false);
        } catch (WalGapException | ReplicaCorruptException e) {
            log.info("wal capture cannot continue generation={} reason=\"{}\"", newest.name(), e.getMessage());
            return false;
        } finally {
            unlockWrites();
        }
        generation = newest;
        nextIndex = newest.nextIndex();
        writeSegment(tail);
        log.info("wal capture generation continued db={} generation={} frame={}", database, newest.name(), position.frame());
        return true;
    }

    /** Plaintext with no key, or sealed with this very key: one generation never mixes keys. */
    private boolean sealedAsThisCapture(ReplicaFileHeader file) {
        return key == null ? !file.encrypted()
                : file.encrypted() && java.util.Arrays.equals(file.sealing().key().keyId(), FileKey.keyId(key));
    }

    /** Starts a new generation: a seal, then a snapshot of the database as of the sealed position. */
    private void startGeneration() throws IOException, SQLException {
        if (!lockWrites()) {
            throw new ReplicaException("cannot start a generation for " + database + ": the write lock stayed busy for "
                    + WRITE_LOCK_TIMEOUT_MILLIS + " ms");
        }
        WalDelta all;
        try {
            renewRead(position, true);
            all = WalFile.readAll(wal);
            position = all.end();
            sealed = position;
        } finally {
            unlockWrites();
        }
        generation = Generation.create(replicaDir, clock.millis());
        nextIndex = 0;
        writeSnapshot(all);
        log.info("wal capture generation started db={} generation={} frame={}", database, generation.name(), position.frame());
    }

    /**
     * Only called with the write lock held, so no transaction can commit between reading the WAL
     * up to {@code end} and the new read transaction, which makes {@code end} the sealed position.
     */
    private void renewRead(WalPosition end, boolean checkpointFirst) throws SQLException {
        if (reading) {
            execute(reader, "ROLLBACK");
            reading = false;
        }
        if (checkpointFirst) {
            checkpoint(reader);
        }
        beginRead(reader);
        reading = true;
        sealed = end;
    }

    /** A passive checkpoint: never waits, copies what no reader still needs from the WAL. */
    private void checkpoint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            log.debug("wal checkpoint db={} busy={} log={} checkpointed={}", database, rs.getInt(1), rs.getInt(2), rs.getInt(3));
        }
    }

    /**
     * The database as of {@code position}: pages from {@code all} (every committed frame of the
     * WAL cycle up to it) over the database file. A checkpoint running meanwhile only writes pages
     * that are in {@code all}, so pages read mid-write are replaced, and the reader's transaction
     * keeps the WAL from restarting before the file has been read.
     */
    private void writeSnapshot(WalDelta all) throws IOException, SQLException {
        int pageSize = Integer.parseInt(queryString(reader, "PRAGMA page_size"));
        int pages = Integer.parseInt(queryString(reader, "PRAGMA page_count"));
        long at = clock.millis();
        ReplicaFileHeader header = ReplicaFileHeader.of(ReplicaFileHeader.Kind.SNAPSHOT, nextIndex, at, pageSize,
                position, position.frame(), position.frame(), pages, pages);
        try (FileChannel file = FileChannel.open(database, StandardOpenOption.READ)) {
            ReplicaFiles.PageSource source = n -> all.pages().containsKey(n) ? all.pages().get(n) : ReplicaFiles.readPage(file, n, pageSize);
            ReplicaFiles.write(generation.snapshotPath(nextIndex, at), header,
                    IntStream.rangeClosed(1, pages).boxed()::iterator, source, key);
        }
    }

    private boolean lockWrites() {
        try {
            execute(writer, "BEGIN IMMEDIATE");
            return true;
        } catch (SQLException e) {
            log.debug("wal capture write lock busy db={} error=\"{}\"", database, e.getMessage());
            return false;
        }
    }

    private void unlockWrites() throws SQLException {
        execute(writer, "ROLLBACK");
    }

    /** Captures what is pending, then releases the read transaction and both connections. */
    @Override
    public void close() throws IOException, SQLException {
        try {
            capture();
        } finally {
            try (reader; writer) {
                if (reading) {
                    execute(reader, "ROLLBACK");
                }
            }
        }
    }



}
