package io.slipway.migrate;

import java.sql.SQLException;

/**
 * What differs between the databases the engine migrates: how scripts are split, how a transaction
 * starts, and how SQL reads the database server's clock. Times come from the database rather than
 * from the migrator's host so that every statement text is known before it runs (dry-run prints
 * exactly what runs) and so that leases of migrators on different hosts are judged by one clock.
 */
enum Dialect {
    SQLITE("BEGIN IMMEDIATE",
            "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
            "strftime('%Y-%m-%d %H:%M:%f', 'now')",
            "CAST(ROUND((julianday('now') - julianday(installed_on)) * 86400000) AS INTEGER)",
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = "),
    POSTGRESQL("BEGIN",
            "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
            "(clock_timestamp() AT TIME ZONE 'UTC')",
            "CAST(EXTRACT(EPOCH FROM ((clock_timestamp() AT TIME ZONE 'UTC') - installed_on)) * 1000 AS INTEGER)",
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ");

    /** Starts a migration's transaction; on SQLite it takes the write lock at once, so it cannot fail half-way to it. */
    final String begin;
    /** The server's time now in milliseconds since the epoch. */
    final String nowMillis;
    /** The server's time now in UTC, as stored in {@code installed_on}. */
    final String nowTimestamp;
    /** Milliseconds since the row's {@code installed_on}. */
    final String millisSinceInstalled;
    private static final int SQLITE_BUSY = 5;
    private final String tableCount;

    Dialect(String begin, String nowMillis, String nowTimestamp, String millisSinceInstalled, String tableCount) {
        this.begin = begin;
        this.nowMillis = nowMillis;
        this.nowTimestamp = nowTimestamp;
        this.millisSinceInstalled = millisSinceInstalled;
        this.tableCount = tableCount;
    }

    /** A query counting the tables named {@code table} that unqualified names resolve to. */
    String tableCount(String table) {
        return tableCount + Sql.literal(table);
    }

    /** SQLite's "database is locked": another connection held the write lock past the busy timeout. */
    boolean busy(SQLException e) {
        return this == SQLITE && (e.getErrorCode() & 0xff) == SQLITE_BUSY;
    }

    /** PostgreSQL: E'…' strings, nested block comments, dollar quoting, {@code BEGIN ATOMIC} bodies. */
    boolean postgres() {
        return this == POSTGRESQL;
    }
}
