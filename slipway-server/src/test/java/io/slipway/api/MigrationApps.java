package io.slipway.api;

import io.slipway.config.AppConfig;
import io.slipway.config.BackupConfig;
import io.slipway.config.DatabaseConfig;
import io.slipway.config.MigrationsConfig;
import io.slipway.config.TestConfigs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server on port 0 whose apps migrate real SQLite databases with real scripts in {@code dir/migrations}:
 * {@code shop} (backed up, giving up on a held lock at once), {@code bare} (no backup: block) and
 * {@code web} (no database). The scripts: V1 creates users, V2 adds its email column, V3 creates orders;
 * V1 and V2 have undo scripts, V3 has none.
 */
public final class MigrationApps implements AutoCloseable {
    public final Path dir;
    public final Path scripts;
    public final ApiFixture api;

    public MigrationApps(Path dir) {
        this.dir = dir;
        this.scripts = dir.resolve("migrations");
        script("V1__create_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
        script("U1__create_users.sql", "DROP TABLE users;");
        script("V2__add_email.sql", "ALTER TABLE users ADD COLUMN email TEXT;\nCREATE INDEX users_email ON users (email);");
        script("U2__add_email.sql", "DROP INDEX users_email;\nALTER TABLE users DROP COLUMN email;");
        script("V3__add_orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));");
        this.api = new ApiFixture(dir, List.of("production"), null, app("shop", true), app("bare", false),
                TestConfigs.app("web", List.of("./web"), Map.of()));
    }

    private AppConfig app(String name, boolean backedUp) {
        DatabaseConfig db = new DatabaseConfig("sqlite", database(name), null, 0, null, null, null)
                .withMigrations(new MigrationsConfig(scripts, Duration.ZERO));
        BackupConfig backup = backedUp ? new BackupConfig(dir.resolve("backups"), null, 7, 24, 7, 4, true, null, null,
                true, null, null) : null;
        return TestConfigs.app(name, List.of("./" + name), Map.of()).withData(db, backup);
    }

    public Path database(String app) {
        return dir.resolve(app + ".db");
    }

    /** Writes (or overwrites) a script in the migration directory. */
    public void script(String name, String sql) {
        try {
            Files.createDirectories(scripts);
            Files.writeString(scripts.resolve(name), sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void execute(String app, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database(app)); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** The rows {@code sql} returns, each column as text (null as null). */
    public List<List<String>> query(String app, String sql) throws SQLException {
        return query(database(app), sql);
    }

    /** The rows {@code sql} returns from the SQLite database {@code file}, each column as text (null as null). */
    public static List<List<String>> query(Path file, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() {
        api.close();
    }
}
