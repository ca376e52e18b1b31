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

    @Test
    void aDirectoryWithPlaceholdersIsEachVersionsOwnAndIsNotLookedForBeforeTheVersionIsDeployed() {
        MigrationsConfig m = database("database: { path: a.db, migrations: { dir: \"releases/{version}/db\","
                + " onRollback: undo } }").migrations();
        assertThat(m.dir()).isEqualTo(base.resolve("releases/{version}/db").toString());
        assertThat(m.perVersion()).isTrue();
        assertThat(m.onRollback()).isEqualTo(MigrationsConfig.OnRollback.UNDO);
        assertThat(m.dir("v2", Path.of("/srv/web/v2"))).isEqualTo(base.resolve("releases/v2/db"));

        MigrationsConfig inArtifact = database("database: { path: a.db, migrations: \"{artifactDir}/db\" }").migrations();
        assertThat(inArtifact.dir("v2", Path.of("/srv/web/v2"))).isEqualTo(Path.of("/srv/web/v2/db"));
        assertThat(inArtifact.onRollback()).isEqualTo(MigrationsConfig.OnRollback.KEEP);
    }

    @Test
    void reportsAnUnknownPlaceholderAPolicyAndARestoreWithoutBackups() {
        assertThat(problems("database: { path: a.db, migrations: { dir: \"m/{port}\", onRollback: revert } }"))
                .containsExactly("apps.web.database.migrations.dir: \"m/{port}\" has unknown placeholder {port},"
                                + " expected {version} or {artifactDir}",
                        "apps.web.database.migrations.onRollback: \"revert\" is not keep, undo or restore");
        assertThat(problems("database: { path: a.db, migrations: { dir: \"m/{version}\", onRollback: restore } }"))
                .containsExactly("apps.web.database.migrations.onRollback: \"restore\" restores the backup taken"
                        + " before a deployment's migrations, but the app has no backup: block; add one, or use keep"
                        + " or undo");
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
