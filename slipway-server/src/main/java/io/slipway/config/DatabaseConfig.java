package io.slipway.config;

import java.nio.file.Path;

/**
 * An app's database, what its backups and migrations work on: an SQLite file, or a PostgreSQL
 * database (the password comes from an environment variable, never from the file).
 *
 * @param type        sqlite or postgres
 * @param path        the SQLite file (absolute), null for PostgreSQL
 * @param host        PostgreSQL host, null for SQLite
 * @param port        PostgreSQL port
 * @param name        PostgreSQL database name
 * @param user        PostgreSQL user
 * @param passwordEnv the environment variable holding the PostgreSQL password, or null
 * @param migrations  where its migration scripts are, or null when Slipway does not migrate it
 */
public record DatabaseConfig(String type, Path path, String host, int port, String name, String user,
                             String passwordEnv, MigrationsConfig migrations) {
    public static final String SQLITE = "sqlite";
    public static final String POSTGRES = "postgres";

    /** A database Slipway backs up but does not migrate. */
    public DatabaseConfig(String type, Path path, String host, int port, String name, String user, String passwordEnv) {
        this(type, path, host, port, name, user, passwordEnv, null);
    }

    /** The same database, migrated with the scripts {@code newMigrations} names. */
    public DatabaseConfig withMigrations(MigrationsConfig newMigrations) {
        return new DatabaseConfig(type, path, host, port, name, user, passwordEnv, newMigrations);
    }

    public boolean sqlite() {
        return SQLITE.equals(type);
    }

    /** As shown in messages: the file, or postgres://user@host:port/name. */
    public String describe() {
        return sqlite() ? path.toString() : "postgres://" + user + "@" + host + ":" + port + "/" + name;
    }
}
