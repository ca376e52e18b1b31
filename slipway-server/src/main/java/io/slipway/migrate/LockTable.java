package io.slipway.migrate;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The statements on {@code slipway_migration_lock}, one row (id 1) saying which migrator holds the
 * database's migration lock and until when its lease runs. Taking the lock is one statement, an
 * upsert that inserts the row or takes over an expired one, so it is atomic on both databases
 * (SQLite runs every write statement under its database write lock; PostgreSQL's ON CONFLICT DO
 * UPDATE locks the row and checks the WHERE against its latest version). Lease times are the
 * database server's milliseconds since the epoch, so migrators on several hosts share one clock.
 */
final class LockTable {
    static final String NAME = "slipway_migration_lock";
    static final String CREATE = """
            CREATE TABLE IF NOT EXISTS slipway_migration_lock (
                id INTEGER NOT NULL PRIMARY KEY,
                owner TEXT NOT NULL,
                acquired_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                backup TEXT
            )""";
    /** The backup reference the run holding the lock recorded, as a value history rows take. */
    static final String RUN_BACKUP = "(SELECT backup FROM " + NAME + " WHERE id = 1)";
    private static final String HOLDER = "SELECT owner, acquired_at, expires_at FROM " + NAME + " WHERE id = 1";

    private final Dialect dialect;
    private final String owner;
    private final long leaseMillis;

    LockTable(Dialect dialect, String owner, Duration lease) {
        this.dialect = dialect;
        this.owner = owner;
        this.leaseMillis = lease.toMillis();
    }

    /** Changes one row when it takes the lock, none while another migrator's lease runs. */
    String acquire() {
        return "INSERT INTO " + NAME + " (id, owner, acquired_at, expires_at, backup) VALUES (1, "
                + Sql.literal(owner) + ", " + dialect.nowMillis + ", " + dialect.nowMillis + " + " + leaseMillis
                + ", NULL) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at,"
                + " expires_at = excluded.expires_at, backup = NULL WHERE " + NAME + ".expires_at < excluded.acquired_at";
    }

    /** Extends the lease; changes no row once another migrator has taken the lock over. */
    String renew() {
        return "UPDATE " + NAME + " SET expires_at = " + dialect.nowMillis + " + " + leaseMillis + ownRow();
    }

    String release() {
        return "DELETE FROM " + NAME + ownRow();
    }

    /** Records the run's backup reference, the {@code ?}, for the history rows that follow. */
    String recordBackup() {
        return "UPDATE " + NAME + " SET backup = ?" + ownRow();
    }

    private String ownRow() {
        return " WHERE id = 1 AND owner = " + Sql.literal(owner);
    }

    static Optional<LockHolder> holder(Session session) throws SQLException {
        return session.query(HOLDER, rs -> new LockHolder(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                Instant.ofEpochMilli(rs.getLong(3)))).stream().findFirst();
    }
}
