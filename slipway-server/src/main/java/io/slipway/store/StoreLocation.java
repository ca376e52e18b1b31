package io.slipway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.slipway.backup.PostgresTarget;
import io.slipway.config.ServerConfig;
import io.slipway.config.StoreConfig;
import io.slipway.migrate.MigrationDatabase;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Where the store lives, as {@code server.store} says: an SQLite file (by default
 * {@code <dataDir>/slipway.db}) or a PostgreSQL database. Both hold the same tables, made by the
 * scripts under {@code db/store/sqlite/} or {@code db/store/postgresql/}.
 */
public final class StoreLocation {
    /** How long a statement waits for a query that hangs (a dead server, a dropped network) before failing. */
    private static final int POSTGRES_SOCKET_TIMEOUT_SECONDS = 60;
    private static final int POSTGRES_CONNECT_TIMEOUT_MILLIS = 10_000;
    private final Path file;
    private final PostgresTarget postgres;

    private StoreLocation(Path file, PostgresTarget postgres) {
        this.file = file;
        this.postgres = postgres;
    }

    public static StoreLocation sqlite(Path file) {
        return new StoreLocation(file.toAbsolutePath(), null);
    }

    public static StoreLocation postgres(PostgresTarget target) {
        return new StoreLocation(null, target);
    }

    /**
     * The store {@code server} configures, the PostgreSQL password read from the environment.
     *
     * @throws IllegalArgumentException naming the variable when {@code passwordEnv} is not set
     */
    public static StoreLocation of(ServerConfig server, Map<String, String> env) {
        StoreConfig store = server.store();
        if (store.sqlite()) {
            return sqlite(server.dataDir().toAbsolutePath().resolve(store.path()));
        }
        String password = store.passwordEnv() == null ? env.get(StoreConfig.DEFAULT_PASSWORD_ENV)
                : PostgresTarget.password("server.store.passwordEnv", store.passwordEnv(), env);
        return postgres(new PostgresTarget(store.host(), store.port(), store.database(), store.user(), password));
    }

    /** The file, or {@code postgres://user@host:port/database}; never the password. */
    public String describe() {
        return file != null ? file.toString() : "postgres://" + postgres.describe();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The PostgreSQL database and credentials; null for SQLite. */
    PostgresTarget postgres() {
        return postgres;
    }

    /** The classpath directory of this database's store scripts. */
    String scripts() {
        return file != null ? "db/store/sqlite" : "db/store/postgresql";
    }

    MigrationDatabase migrationDatabase() {
        return file != null ? MigrationDatabase.sqlite(file) : MigrationDatabase.postgres(postgres);
    }

    /** A query whose one number changes whenever another connection may have changed the routes. */
    String routesVersionQuery() {
        // data_version: any commit by another connection. PostgreSQL: each save raises one app's generation.
        return file != null ? "PRAGMA data_version" : "SELECT coalesce(sum(generation), 0) FROM routes";
    }

    /** The control plane's connections: it creates the store and writes to it. */
    StoreConnections openForWriting() throws SQLException {
        return file != null ? StoreConnections.single(sqliteWriter()) : StoreConnections.pool(pool("slipway-server", false));
    }

    /** Connections of another process (the gateway), which only reads what the control plane wrote. */
    StoreConnections openForReading(String who) throws SQLException {
        if (file == null) {
            return StoreConnections.pool(pool(who, true));
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        return StoreConnections.single(config.createConnection("jdbc:sqlite:" + file));
    }

    private Connection sqliteWriter() throws SQLException {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new SQLException("cannot create the directory of " + file + ": " + e, e);
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA foreign_keys=ON");
        }
        return c;
    }

    /**
     * One connection at a time is all a user of the store needs (the control plane serializes its work,
     * the gateway polls from one thread); the pool is there to replace it when it breaks.
     */
    private HikariDataSource pool(String name, boolean readOnly) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.user());
        config.setPassword(postgres.password());
        config.setPoolName(name);
        config.setMaximumPoolSize(1);
        config.setReadOnly(readOnly);
        config.setConnectionTimeout(POSTGRES_CONNECT_TIMEOUT_MILLIS);
        config.addDataSourceProperty("ApplicationName", name);
        config.addDataSourceProperty("socketTimeout", POSTGRES_SOCKET_TIMEOUT_SECONDS);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new SQLException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e);
        }
    }
}
