package io.slipway.migrate;

import io.slipway.backup.PostgresTarget;
import io.slipway.config.DatabaseConfig;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** The database a migrator works on: an SQLite file or a PostgreSQL database. */
public final class MigrationDatabase {
    /** How long an SQLite statement waits for the app's writers before it fails as busy. */
    private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);
    private final Dialect dialect;
    private final String description;
    private final Connector connector;
    private final Duration busyTimeout;

    /** Opens a JDBC connection; {@code create} says whether a missing SQLite file may be created. */
    @FunctionalInterface
    interface Connector {
        Connection connect(boolean create, Duration busyTimeout) throws SQLException;
    }

    MigrationDatabase(Dialect dialect, String description, Connector connector) {
        this(dialect, description, connector, SQLITE_BUSY_TIMEOUT);
    }

    private MigrationDatabase(Dialect dialect, String description, Connector connector, Duration busyTimeout) {
        this.dialect = dialect;
        this.description = description;
        this.connector = connector;
        this.busyTimeout = busyTimeout;
    }

    /** The same database, SQLite statements waiting at most {@code timeout} for another writer. */
    MigrationDatabase withBusyTimeout(Duration timeout) {
        return new MigrationDatabase(dialect, description, connector, timeout);
    }

    /**
     * An SQLite file. Operations that change it create it when missing (its directory must exist);
     * status, validate and dry-runs read a missing file as an empty database and create nothing.
     */
    public static MigrationDatabase sqlite(Path file) {
        Path absolute = file.toAbsolutePath();
        return new MigrationDatabase(Dialect.SQLITE, absolute.toString(), (create, busy) -> sqlite(absolute, create, busy));
    }

    private static Connection sqlite(Path file, boolean create, Duration busyTimeout) throws SQLException {
        if (!create && !Files.exists(file)) {
            return DriverManager.getConnection("jdbc:sqlite::memory:");
        }
        SQLiteConfig config = new SQLiteConfig();
        if (!create) {
            config.resetOpenMode(SQLiteOpenMode.CREATE);
        }
        config.setBusyTimeout((int) busyTimeout.toMillis());
        return config.createConnection("jdbc:sqlite:" + file);
    }

    /** A PostgreSQL database; unqualified names, the engine's tables included, resolve by its search_path. */
    public static MigrationDatabase postgres(PostgresTarget target) {
        return new MigrationDatabase(Dialect.POSTGRESQL, "postgres://" + target.describe(), (create, busy) -> {
            Properties props = new Properties();
            props.setProperty("user", target.user());
            props.setProperty("password", target.password());
            props.setProperty("ApplicationName", "slipway-migrate");
            props.setProperty("connectTimeout", "15");
            return DriverManager.getConnection(target.jdbcUrl(), props);
        });
    }

    /**
     * An app's configured database, the PostgreSQL password read from the variable its
     * {@code passwordEnv} names in {@code env}.
     *
     * @throws IllegalArgumentException naming the variable when it is not set
     */
    public static MigrationDatabase of(DatabaseConfig database, Map<String, String> env) {
        if (database.sqlite()) {
            return sqlite(database.path());
        }
        String password = PostgresTarget.password("database.passwordEnv", database.passwordEnv(), env);
        return postgres(new PostgresTarget(database.host(), database.port(), database.name(), database.user(), password));
    }

    /** The file, or {@code postgres://user@host:port/database}; never the password. */
    public String describe() {
        return description;
    }

    Dialect dialect() {
        return dialect;
    }

    Connector connector() {
        return connector;
    }

    Session open(boolean create) {
        return open(create, busyTimeout);
    }

    Session open(boolean create, Duration timeout) {
        try {
            return new Session(connector.connect(create, timeout), dialect);
        } catch (SQLException e) {
            throw new MigrationException("cannot connect to " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
