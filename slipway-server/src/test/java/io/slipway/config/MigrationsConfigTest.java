package io.slipway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** An app's database.migrations: the directory of its scripts, and how long to wait for the lock. */
class MigrationsConfigTest {
    @TempDir
    Path base;

    @Test
    void readsTheDirectoryRelativeToTheConfigFileWithTheDefaultLockWait() throws IOException {
        Files.createDirectories(base.resolve("db/migrations"));
        DatabaseConfig db = database("database: { path: data/shop.db, migrations: db/migrations }");
        assertThat(db.migrations()).isEqualTo(new MigrationsConfig(base.resolve("db/migrations"), Duration.ofMinutes(2)));
        assertThat(db.path()).isEqualTo(base.resolve("data/shop.db"));
        assertThat(database("database: { path: data/shop.db }").migrations()).isNull();
    }

    @Test
    void readsTheLongFormWithALockWaitForAPostgresDatabase() throws IOException {
        Files.createDirectories(base.resolve("sql"));
        DatabaseConfig db = database("database: { type: postgres, url: \"postgres://shop@db:5432/shop\","
                + " migrations: { dir: sql, lockWait: 0s } }");
        assertThat(db.migrations()).isEqualTo(new MigrationsConfig(base.resolve("sql"), Duration.ZERO));
        assertThat(db.describe()).isEqualTo("postgres://shop@db:5432/shop");
    }

    @Test
    void reportsAMissingDirectoryAFileAndBadKeysWithTheirPathsAndValues() throws IOException {
        Files.writeString(base.resolve("schema.sql"), "CREATE TABLE t (id INTEGER)");
        assertThat(problems("database: { path: a.db, migrations: db/mig }")).containsExactly(
                "apps.web.database.migrations: \"db/mig\" does not exist (" + base.resolve("db/mig") + ")");
        assertThat(problems("database: { path: a.db, migrations: schema.sql }")).singleElement().asString()
                .startsWith("apps.web.database.migrations: \"schema.sql\" is not a directory");
        assertThat(problems("database: { path: a.db, migrations: { lockWait: 5, lockwait: 1s } }")).containsExactly(
                "apps.web.database.migrations.lockwait: unknown key, did you mean lockWait?",
                "apps.web.database.migrations.dir: is required: the directory of the V/U/R scripts, e.g. db/migrations",
                "apps.web.database.migrations.lockWait: \"5\" is not a duration: add a unit (e.g. 5s, 250ms)");
    }

    private DatabaseConfig database(String line) {
        return ConfigLoader.parse(yaml(line), base, Map.of()).app("web").database();
    }

    private List<String> problems(String line) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml(line), base, Map.of()));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private String yaml(String line) {
        return "server: { dataDir: " + base + " }\napps:\n  web:\n    command: java -jar app.jar\n"
                + "    gateway: { listen: \":8080\" }\n    " + line + "\n";
    }
}
