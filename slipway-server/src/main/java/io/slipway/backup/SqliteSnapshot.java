package io.slipway.backup;


import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import static io.slipway.backup.SqliteConnections.beginRead;
import static io.slipway.backup.SqliteConnections.closeAfterFailure;
import static io.slipway.backup.SqliteConnections.connect;
import static io.slipway.backup.SqliteConnections.execute;
import static io.slipway.backup.SqliteConnections.queryString;

/**
 * An SQLite database as of one instant, read straight from its files while the app keeps writing:
 * what a backup archives in a single pass. (Copying with SQLite's backup API and then archiving the
 * copy wrote every byte twice and read it three times; {@code bench/backup} measures the difference.)
 *
 * <p>A read transaction on {@link #connection()} pins the snapshot until {@link #close()}.
 * <ul>
 * <li>WAL mode: the snapshot is the database file overlaid with the newest version of each page in
 * the WAL's committed frames. Both are read as {@link WalCapture} reads them: the write lock is
 * taken for as long as it takes to open the read transaction and read the WAL (so no commit falls
 * between the two), then released, and the app writes on. While the read transaction lasts, SQLite
 * neither restarts the WAL nor checkpoints frames newer than it into the file, and any page a
 * checkpoint does write meanwhile is one the overlay replaces; so the bytes read are exactly the
 * snapshot's.</li>
 * <li>Rollback-journal modes: the read transaction's shared lock keeps the file as it is, and the
 * app's writers wait until the copy ends, as they do for SQLite's backup API.</li>
 * </ul>
 * A WAL longer than {@link #MAX_WAL_BYTES} (a checkpoint starved by long readers) would be held in
 * memory, so {@link #open} declines it and the caller copies with the backup API instead.
 */
final class SqliteSnapshot implements AutoCloseable {
    static final long MAX_WAL_BYTES = 64L << 20;
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private final Connection connection;
    private final FileChannel file;
    private final SortedMap<Integer, byte[]> walPages;
    private final int pageSize;
    private final int pages;

    private SqliteSnapshot(Connection connection, FileChannel file, SortedMap<Integer, byte[]> walPages, int pageSize,
                           int pages) {
        this.connection = connection;
        this.file = file;
        this.walPages = walPages;
        this.pageSize = pageSize;
        this.pages = pages;
    }

    /**
     * Pins a snapshot of {@code database}; empty when its WAL is too long to hold (see above).
     *
     * @throws BackupException naming the database when it is missing, unreadable, or its write lock
     *                         stays busy for {@value #BUSY_TIMEOUT_MILLIS} ms
     */
    static Optional<SqliteSnapshot> open(Path database) {
        return open(database, MAX_WAL_BYTES);
    }

    /** {@link #open(Path)} with another WAL limit; for tests. */
    static Optional<SqliteSnapshot> open(Path database, long maxWalBytes) {
        Path db = database.toAbsolutePath().normalize();
        if (!Files.isRegularFile(db)) {
            throw new BackupException("database " + db + " does not exist (database.path in slipway.yaml)");
        }
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        Connection reader = null;
        try {
            reader = connect(db, BUSY_TIMEOUT_MILLIS);
            boolean walMode = "wal".equalsIgnoreCase(queryString(reader, "PRAGMA journal_mode"));
            if (walMode && Files.exists(wal) && Files.size(wal) > maxWalBytes) {
                reader.close();
                return Optional.empty();
            }
            SortedMap<Integer, byte[]> walPages;
            if (walMode) {
                walPages = pinWithWal(db, wal, reader);
            } else {
                beginRead(reader);
                walPages = new TreeMap<>();
            }
            int pageSize = Integer.parseInt(queryString(reader, "PRAGMA page_size"));
            int pages = Integer.parseInt(queryString(reader, "PRAGMA page_count"));
            FileChannel file = FileChannel.open(db, StandardOpenOption.READ);
            return Optional.of(new SqliteSnapshot(reader, file, walPages, pageSize, pages));
        } catch (SQLException | IOException e) {
            closeAfterFailure(reader, e);
            throw new BackupException("cannot read a consistent copy of " + db + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAfterFailure(reader, e);
            throw e;
        }
    }

    /** Under the write lock, so that what the WAL holds is exactly what the read transaction sees. */
    private static SortedMap<Integer, byte[]> pinWithWal(Path db, Path wal, Connection reader)
            throws SQLException, IOException {
        try (Connection writer = connect(db, BUSY_TIMEOUT_MILLIS)) {
            execute(writer, "BEGIN IMMEDIATE");
            try {
                beginRead(reader);
                return WalFile.readAll(wal).pages();
            } finally {
                execute(writer, "ROLLBACK");
            }
        }
    }

    /** In the snapshot's read transaction: what {@link SqliteDatabase#inspect(Connection, boolean)} counts here is the copy's. */
    Connection connection() {
        return connection;
    }

    int pageSize() {
        return pageSize;
    }

    int pages() {
        return pages;
    }

    /** The database file as of the snapshot, page 1 to the last; one reader at a time. */
    InputStream content() {
        return new Content();
    }

    /** Ends the read transaction, which lets the app checkpoint again. */
    @Override
    public void close() throws IOException {
        try (file) {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            throw new IOException("cannot end the backup's read transaction: " + e.getMessage(), e);
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IOException("cannot close the backup's connection: " + e.getMessage(), e);
            }
        }
    }

    private final class Content extends InputStream {
        private final long length = (long) pages * pageSize;
        private long position;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= this.length) {
                return -1;
            }
            int n = (int) Math.min(length, this.length - position);
            int fromFile = readFile(buffer, offset, n);
            Arrays.fill(buffer, offset + fromFile, offset + n, (byte) 0);
            long firstPage = position / pageSize + 1;
            long lastPage = (position + n - 1) / pageSize + 1;
            long fileEndsAt = position + fromFile;
            for (long page = firstPage; page <= lastPage; page++) {
                byte[] newer = walPages.get((int) page);
                long pageStart = (page - 1) * pageSize;
                if (newer != null) {
                    long from = Math.max(pageStart, position);
                    long to = Math.min(pageStart + pageSize, position + n);
                    System.arraycopy(newer, (int) (from - pageStart), buffer, offset + (int) (from - position),
                            (int) (to - from));
                } else if (Math.max(pageStart, fileEndsAt) < Math.min(pageStart + pageSize, position + n)) {
                    throw new IOException("page " + page + " of " + pages + " is neither in the database file (it ends at "
                            + fileEndsAt + " bytes) nor in the WAL");
                }
            }
            position += n;
            return n;
        }

        private int readFile(byte[] buffer, int offset, int n) throws IOException {
            ByteBuffer into = ByteBuffer.wrap(buffer, offset, n);
            while (into.hasRemaining()) {
                if (file.read(into, position + (into.position() - offset)) < 0) {
                    break;
                }
            }
            return into.position() - offset;
        }
    }




}
