package io.slipway.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Reads an app's {@code database:} and {@code backup:} blocks. */
final class DataReader {
    static final List<String> KEYS = List.of("database", "backup");
    private static final List<String> DATABASE_KEYS = List.of("type", "path", "url", "passwordEnv", "migrations");
    private static final List<String> MIGRATIONS_KEYS = List.of("dir", "lockWait", "onRollback");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final List<String> BACKUP_KEYS = List.of("dir", "schedule", "retention", "compress", "encryption",
            "verify", "pitr");
    private static final List<String> RETENTION_KEYS = List.of("keepLast", "hourly", "daily", "weekly");
    private static final List<String> ENCRYPTION_KEYS = List.of("keyEnv", "keyFile");
    private static final List<String> VERIFY_KEYS = List.of("after", "schedule");
    private static final List<String> PITR_KEYS = List.of("interval", "retention");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final Path baseDir;
    private final Path dataDir;

    DataReader(Path baseDir, Path dataDir) {
        this.baseDir = baseDir;
        this.dataDir = dataDir;
    }

    DatabaseConfig database(ConfigNode node) {
        if (node.isAbsent()) {
            return null;
        }
        node.entries(DATABASE_KEYS);
        String type = node.child("type").as(DatabaseConfig.SQLITE, DataReader::type);
        String passwordEnv = node.child("passwordEnv").as(null, DataReader::envName);
        DatabaseConfig database = DatabaseConfig.SQLITE.equals(type) ? sqlite(node) : postgres(node, type, passwordEnv);
        return database.withMigrations(migrations(node.child("migrations")));
    }

    private DatabaseConfig sqlite(ConfigNode node) {
        Path path = node.child("path").as(null, text -> baseDir.resolve(ConfigNode.nonBlank(text)).normalize());
        if (path == null && node.child("path").isAbsent()) {
            node.child("path").report(null, "is required for an sqlite database (the file, e.g. data/app.db)");
        }
        return new DatabaseConfig(DatabaseConfig.SQLITE, path, null, 0, null, null, null);
    }

    private static DatabaseConfig postgres(ConfigNode node, String type, String passwordEnv) {
        if (node.child("url").text().filter(t -> t.matches(".*://[^@/]*:[^@/]*@.*")).isPresent()) {
            node.child("url").report("(hidden)", "holds a password: put it in an environment variable named by passwordEnv");
            return new DatabaseConfig(type, null, null, 0, null, null, passwordEnv);
        }
        URI url = node.child("url").as(null, DataReader::postgresUrl);
        if (url == null) {
            if (node.child("url").isAbsent()) {
                node.child("url").report(null, "is required for a postgres database, e.g. postgres://app@127.0.0.1:5432/app");
            }
            return new DatabaseConfig(type, null, null, 0, null, null, passwordEnv);
        }
        return new DatabaseConfig(type, null, url.getHost(), url.getPort() < 0 ? 5432 : url.getPort(),
                url.getPath().substring(1), url.getUserInfo(), passwordEnv);
    }

    /** {@code migrations: DIR} or {@code migrations: { dir: DIR, lockWait: 30s, onRollback: keep }}; null when absent. */
    private MigrationsConfig migrations(ConfigNode node) {
        if (node.isAbsent()) {
            return null;
        }
        if (!node.isMapping()) {
            String dir = node.as(null, this::migrationDir);
            return dir == null ? null : new MigrationsConfig(dir, MigrationsConfig.DEFAULT_LOCK_WAIT,
                    MigrationsConfig.OnRollback.KEEP);
        }
        node.entries(MIGRATIONS_KEYS);
        String dir = node.child("dir").as(null, this::migrationDir);
        if (node.child("dir").isAbsent()) {
            node.child("dir").report(null, "is required: the directory of the V/U/R scripts, e.g. db/migrations");
        }
        Duration lockWait = node.duration("lockWait", MigrationsConfig.DEFAULT_LOCK_WAIT);
        MigrationsConfig.OnRollback onRollback = node.child("onRollback").as(MigrationsConfig.OnRollback.KEEP,
                MigrationsConfig.OnRollback::parse);
        return dir == null ? null : new MigrationsConfig(dir, lockWait, onRollback);
    }

    /**
     * The directory, or its template when it names {@code {version}} or {@code {artifactDir}}: a version's
     * scripts are only there once it is deployed, so only a plain directory is checked now.
     *
     * @throws IllegalArgumentException when it is not there or has an unknown placeholder, for {@link ConfigNode#as} to report
     */
    private String migrationDir(String text) {
        ConfigNode.nonBlank(text);
        java.util.regex.Matcher m = PLACEHOLDER.matcher(text);
        boolean template = false;
        while (m.find()) {
            if (!m.group().equals(MigrationsConfig.VERSION) && !m.group().equals(MigrationsConfig.ARTIFACT_DIR)) {
                throw new IllegalArgumentException("has unknown placeholder " + m.group() + ", expected "
                        + MigrationsConfig.VERSION + " or " + MigrationsConfig.ARTIFACT_DIR);
            }
            template = true;
        }
        if (text.startsWith(MigrationsConfig.ARTIFACT_DIR)) {
            return text;
        }
        Path dir = baseDir.resolve(text).normalize();
        return template ? dir.toString() : existingDir(text, dir).toString();
    }

    private static Path existingDir(String text, Path dir) {
        String where = Path.of(text).isAbsolute() ? "" : " (" + dir + ")";
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("does not exist" + where);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("is not a directory" + where + ": name the directory that holds"
                    + " the migration scripts");
        }
        return dir;
    }

    /** {@code onRollback: restore} restores the backup taken before the migration: there must be backups. */
    static void checkRollbackPolicy(ConfigNode app, DatabaseConfig database, BackupConfig backup) {
        if (database != null && database.migrations() != null && backup == null
                && database.migrations().onRollback() == MigrationsConfig.OnRollback.RESTORE) {
            app.child("database").child("migrations").child("onRollback").report("restore", "restores the backup"
                    + " taken before a deployment's migrations, but the app has no backup: block; add one, or use"
                    + " keep or undo");
        }
    }

    BackupConfig backup(String app, ConfigNode node, DatabaseConfig database) {
        if (node.isAbsent()) {
            return null;
        }
        node.entries(BACKUP_KEYS);
        if (database == null) {
            node.report(null, "needs a database: block to know what to back up");
        }
        Path dir = node.child("dir").as(dataDir.resolve("backups").resolve(app),
                text -> baseDir.resolve(ConfigNode.nonBlank(text)).normalize());
        ConfigNode retention = node.child("retention");
        retention.entries(RETENTION_KEYS);
        ConfigNode encryption = node.child("encryption");
        encryption.entries(ENCRYPTION_KEYS);
        ConfigNode verify = node.child("verify");
        verify.entries(VERIFY_KEYS);
        int keepLast = retention.integer("keepLast", 7, 0, 10_000);
        int hourly = retention.integer("hourly", 24, 0, 10_000);
        int daily = retention.integer("daily", 7, 0, 10_000);
        int weekly = retention.integer("weekly", 4, 0, 10_000);
        if (keepLast + hourly + daily + weekly == 0) {
            retention.report(null, "keeps nothing: every backup would be deleted (give keepLast, hourly, daily or weekly)");
        }
        return new BackupConfig(dir, node.child("schedule").as(null, DataReader::cron), keepLast, hourly, daily, weekly,
                node.child("compress").as(true, DataReader::bool), encryption.child("keyEnv").as(null, DataReader::envName),
                encryption.child("keyFile").as(null, text -> baseDir.resolve(ConfigNode.nonBlank(text)).normalize()),
                verify.child("after").as(true, DataReader::bool), verify.child("schedule").as(null, DataReader::cron),
                pitr(node.child("pitr"), database));
    }

    private static BackupConfig.Pitr pitr(ConfigNode node, DatabaseConfig database) {
        if (node.isAbsent()) {
            return null;
        }
        node.entries(PITR_KEYS);
        if (database != null && !database.sqlite()) {
            node.report(null, "point-in-time recovery is for sqlite databases (PostgreSQL has its own WAL archiving)");
        }
        Duration interval = node.positiveDuration("interval", Duration.ofMillis(200));
        if (interval.compareTo(Duration.ofSeconds(1)) > 0) {
            node.child("interval").report(Durations.format(interval), "must be at most 1s: it is the recovery point");
        }
        return new BackupConfig.Pitr(interval, node.positiveDuration("retention", Duration.ofDays(7)));
    }

    private static String cron(String text) {
        io.slipway.backup.CronSchedule.parse(text); // IllegalArgumentException: reported with the path
        return text;
    }

    static String type(String text) {
        if (!text.equals(DatabaseConfig.SQLITE) && !text.equals(DatabaseConfig.POSTGRES)) {
            throw new IllegalArgumentException("is not sqlite or postgres");
        }
        return text;
    }

    static String envName(String text) {
        if (!ENV_NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("is not an environment variable name");
        }
        return text;
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException("is not true or false");
        };
    }

    static URI postgresUrl(String text) {
        URI url;
        try {
            url = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a URL (postgres://user@host:5432/database)");
        }
        if (!"postgres".equals(url.getScheme()) && !"postgresql".equals(url.getScheme()) || url.getHost() == null
                || url.getUserInfo() == null || url.getPath() == null || url.getPath().length() < 2) {
            throw new IllegalArgumentException("is not postgres://user@host[:port]/database");
        }
        return url;
    }
}
