package io.slipway.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** An app's database: and backup: blocks. */
class DataConfigTest {
    @Test
    void readsAnSqliteDatabaseWithScheduledEncryptedBackupsAndPitr() {
        AppConfig app = app("""
                    database: { path: data/shop.db }
                    backup:
                      schedule: "0 3 * * *"
                      retention: { keepLast: 3, daily: 14 }
                      encryption: { keyEnv: SHOP_BACKUP_KEY }
                      verify: { schedule: "@weekly" }
                      pitr: { interval: 250ms, retention: 3d }
                """);
        assertThat(app.database()).isEqualTo(new DatabaseConfig("sqlite", Path.of("/srv/data/shop.db"), null, 0, null,
                null, null));
        BackupConfig b = app.backup();
        assertThat(b.dir()).isEqualTo(Path.of("/srv/data/backups/web"));
        assertThat(b.schedule()).isEqualTo("0 3 * * *");
        assertThat(List.of(b.keepLast(), b.hourly(), b.daily(), b.weekly())).containsExactly(3, 24, 14, 4);
        assertThat(b.compress()).isTrue();
        assertThat(b.encrypted()).isTrue();
        assertThat(b.verifyAfter()).isTrue();
        assertThat(b.pitr()).isEqualTo(new BackupConfig.Pitr(Duration.ofMillis(250), Duration.ofDays(3)));
    }

    @Test
    void readsAPostgresDatabaseWhosePasswordComesFromTheEnvironment() {
        AppConfig app = app("""
                    database: { type: postgres, url: "postgres://shop@db.internal:5433/shop", passwordEnv: SHOP_DB_PASSWORD }
                    backup: { compress: false }
                """);
        assertThat(app.database().describe()).isEqualTo("postgres://shop@db.internal:5433/shop");
        assertThat(app.database().passwordEnv()).isEqualTo("SHOP_DB_PASSWORD");
        assertThat(app.backup().compress()).isFalse();
        assertThat(app.backup().pitr()).isNull();
        assertThat(app("").database()).isNull();
    }

    @Test
    void reportsEveryMistakeWithItsPathAndNeverEchoesAPassword() {
        List<String> problems = problems("""
                    database: { type: postgres, url: "postgres://shop:s3cret@db/shop" }
                    backup:
                      retention: { keepLast: -1 }
                      encryption: { keyEnv: "not a name" }
                      pitr: { interval: 2s }
                """);
        assertThat(problems).containsExactly(
                "apps.web.database.url: \"(hidden)\" holds a password: put it in an environment variable named by passwordEnv",
                "apps.web.backup.retention.keepLast: \"-1\" must be between 0 and 10000",
                "apps.web.backup.encryption.keyEnv: \"not a name\" is not an environment variable name",
                "apps.web.backup.pitr: point-in-time recovery is for sqlite databases (PostgreSQL has its own WAL archiving)",
                "apps.web.backup.pitr.interval: \"2s\" must be at most 1s: it is the recovery point");
        assertThat(String.join("\n", problems)).doesNotContain("s3cret");
        assertThat(problems("    backup: {}\n")).containsExactly("apps.web.backup: needs a database: block to know what to back up");
        assertThat(problems("    database: { type: mysql }\n")).contains("apps.web.database.type: \"mysql\" is not sqlite or postgres");
        assertThat(problems("    database: { path: a.db }\n    backup: { schedule: \"61 * * * *\", retention: { keepLast: 0,"
                + " hourly: 0, daily: 0, weekly: 0 } }\n")).satisfiesExactly(
                p -> assertThat(p).startsWith("apps.web.backup.retention: keeps nothing"),
                p -> assertThat(p).startsWith("apps.web.backup.schedule: \"61 * * * *\""));
    }

    private static AppConfig app(String keys) {
        return ConfigLoader.parse(yaml(keys), Path.of("/srv"), Map.of()).app("web");
    }

    private static List<String> problems(String keys) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml(keys), Path.of("/srv"), Map.of()));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private static String yaml(String keys) {
        return "server: { dataDir: /srv/data }\napps:\n  web:\n    command: java -jar app.jar\n    gateway: { listen: \":8080\" }\n" + keys;
    }
}
