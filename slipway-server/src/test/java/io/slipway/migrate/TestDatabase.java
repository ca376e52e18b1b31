package io.slipway.migrate;

import io.slipway.backup.PostgresTarget;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

/** A fresh database of one backend for one test, and what the tests look at in it. */
final class TestDatabase {
    private final Backend backend;
    private final MigrationDatabase database;
    private final Path sqliteFile;
    private final PostgresTarget postgres;

    private TestDatabase(Backend backend, MigrationDatabase database, Path sqliteFile, PostgresTarget postgres) {
        this.backend = backend;
        this.database = database;
        this.sqliteFile = sqliteFile;
        this.postgres = postgres;
    }

    static TestDatabase create(Backend backend, Path dir, PostgresServer pg) throws SQLException {
        if (backend == Backend.SQLITE) {
            Path file = dir.resolve("app.db");
            return new TestDatabase(backend, MigrationDatabase.sqlite(file), file, null);
        }
        PostgresTarget target = pg.createDatabase();
        return new TestDatabase(backend, MigrationDatabase.postgres(target), null, target);
    }

    Backend backend() {
        return backend;
    }

    MigrationDatabase database() {
        return database;
    }

    /** The same database, every connection to it wrapped by {@code recorder}. */
    MigrationDatabase recordedBy(StatementRecorder recorder) {
        return new MigrationDatabase(database.dialect(), database.describe(),
                (create, busy) -> recorder.wrap(database.connector().connect(create, busy)));
    }

    /** What a child JVM needs to reach this database: sqlite FILE or postgres HOST PORT DATABASE USER. */
    List<String> arguments() {
        return backend == Backend.SQLITE ? List.of("sqlite", sqliteFile.toString())
                : List.of("postgres", postgres.host(), String.valueOf(postgres.port()), postgres.database(),
                postgres.user());
    }

    boolean hasTable(String name) throws SQLException {
        try (Session s = session()) {
            return s.hasTable(name);
        }
    }

    /** Each row's columns joined by {@code |}, nulls as "null". */
    List<String> rows(String sql) throws SQLException {
        try (Session s = session()) {
            return s.query(sql, rs -> {
                StringJoiner row = new StringJoiner("|");
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                return row.toString();
            });
        }
    }

    void execute(String... statements) throws SQLException {
        try (Session s = session()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private Session session() {
        return database.open(true, Duration.ofSeconds(10));
    }
}
