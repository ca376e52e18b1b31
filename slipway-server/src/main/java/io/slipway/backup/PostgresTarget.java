package io.slipway.backup;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where a PostgreSQL database lives and who to connect as. Validated on construction; the
 * password is handed to {@code pg_dump}/{@code pg_restore} only through their environment
 * ({@code PGPASSWORD}) and never appears in {@link #toString()}.
 *
 * @param host     host name or address of the server
 * @param port     TCP port, 1..65535
 * @param database database name
 * @param user     role to connect as
 * @param password the role's password; empty when the server trusts the connection
 */
public record PostgresTarget(String host, int port, String database, String user, String password) {

    public PostgresTarget {
        requireText("host", host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("postgres.port: " + port + " is not a TCP port (1..65535)");
        }
        requireText("database", database);
        requireText("user", user);
        password = password == null ? "" : password;
    }

    /**
     * The password in the environment variable {@code passwordEnv} names, as a config block's
     * {@code passwordEnv} points to it; null when {@code passwordEnv} is null.
     *
     * @param key where passwordEnv was configured, for the message ({@code database.passwordEnv})
     * @throws IllegalArgumentException naming the key and the variable when it is not set in {@code env}
     */
    public static String password(String key, String passwordEnv, Map<String, String> env) {
        String password = passwordEnv == null ? null : env.get(passwordEnv);
        if (passwordEnv != null && password == null) {
            throw new IllegalArgumentException(key + ": " + passwordEnv + " is not set in the Slipway server's environment");
        }
        return password;
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("postgres." + field + ": \"" + (value == null ? "" : value)
                    + "\" is empty; it is required");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("postgres." + field + ": \"" + value.replaceAll("\\p{Cntrl}", "?")
                    + "\" contains a control character");
        }
    }

    /** The JDBC URL of this database (the password is passed separately, never in the URL). */
    public String jdbcUrl() {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** The same server and credentials, another database on it. */
    public PostgresTarget withDatabase(String otherDatabase) {
        return new PostgresTarget(host, port, otherDatabase, user, password);
    }

    /** {@code user@host:port/database}, as people read it in logs and messages. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "PostgresTarget[host=" + host + ", port=" + port + ", database=" + database + ", user=" + user
                + ", password=" + (password.isEmpty() ? "(none)" : "***") + "]";
    }
}
