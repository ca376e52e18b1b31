package io.slipway.config;

/**
 * Slipway's own store ({@code server.store}): an SQLite file, {@code path} relative to the data dir
 * unless absolute (the default), or a PostgreSQL database, its password in the environment variable
 * {@code passwordEnv} names (or, without one, in {@value #DEFAULT_PASSWORD_ENV} when that is set).
 *
 * @param type        sqlite or postgres
 * @param path        the SQLite file; null for PostgreSQL
 * @param host        PostgreSQL host; null for SQLite
 * @param port        PostgreSQL port
 * @param database    PostgreSQL database name
 * @param user        PostgreSQL role
 * @param passwordEnv the environment variable holding the PostgreSQL password, or null
 */
public record StoreConfig(String type, String path, String host, int port, String database, String user,
                          String passwordEnv) {
    public static final String SQLITE = "sqlite";
    public static final String POSTGRES = "postgres";
    public static final String DEFAULT_PASSWORD_ENV = "SLIPWAY_STORE_PASSWORD";
    public static final StoreConfig DEFAULTS = new StoreConfig(SQLITE, "slipway.db");

    /** An SQLite store ({@code type} sqlite) at {@code path}. */
    public StoreConfig(String type, String path) {
        this(type, path, null, 0, null, null, null);
    }

    public boolean sqlite() {
        return SQLITE.equals(type);
    }
}
