package io.slipway.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The application's database in these tests: WAL mode, one table of rows, each insert its own
 * transaction, as an app using Slipway's store would write.
 */
final class AppDatabase implements AutoCloseable {
    private final Path file;
    private final Connection connection;
    private final PreparedStatement insert;

    private AppDatabase(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.insert = connection.prepareStatement("INSERT INTO rows (written_at, payload) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS);
    }

    static AppDatabase create(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, written_at INTEGER NOT NULL, payload BLOB NOT NULL)");
        }
        return new AppDatabase(file, c);
    }

    Path file() {
        return file;
    }

    /** Inserts one row in its own transaction; returns its id. */
    synchronized long insert(long writtenAtMillis) throws SQLException {
        byte[] payload = new byte[200];
        ThreadLocalRandom.current().nextBytes(payload);
        insert.setLong(1, writtenAtMillis);
        insert.setBytes(2, payload);
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    void insertRows(int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            insert(System.currentTimeMillis());
        }
    }

    synchronized void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        insert.close();
        connection.close();
    }

    /** Ids of the rows in {@code db}, ascending. */
    static List<Long> ids(Path db) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM rows ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    static String integrity(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The database file and its WAL and shared-memory files: the primary, gone. */
    static void deleteWithSidecars(Path db) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
    }
}
