package io.slipway.server;

import io.slipway.backup.Backups;
import io.slipway.config.AppConfig;
import io.slipway.config.DatabaseConfig;
import io.slipway.config.MigrationsConfig;
import io.slipway.migrate.Migration;
import io.slipway.migrate.MigrationDatabase;
import io.slipway.migrate.MigrationListener;
import io.slipway.migrate.MigrationOptions;
import io.slipway.migrate.MigrationRefusedException;
import io.slipway.migrate.Migrator;
import io.slipway.migrate.Operation;
import io.slipway.migrate.Outcome;
import io.slipway.migrate.Plan;
import io.slipway.migrate.Status;
import io.slipway.migrate.Validation;
import io.slipway.migrate.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The apps' database migrations as the API and CLI ask for them: a {@link Migrator} per app from its
 * {@code database.migrations}, and a backup (kind {@code pre-migration}) through {@link Backups} before
 * {@code up} and {@code down} change anything, its id written into the history rows of that run.
 *
 * <p>An app without a {@code backup:} block is refused {@code up} and {@code down} (dry-runs included,
 * so that a dry-run says what the run will do) unless the request says {@code noBackup}: a schema
 * change without a way back should be a decision, not an accident.
 *
 * <p>One migrator per app and user is kept for the server's life, so that its lock owner (host, pid,
 * token) is the same in a dry-run and in the run after it: the dry-run's lock and lease statements are
 * then exactly those the run executes.
 *
 * <p>When {@code database.migrations} names {@code {version}} or {@code {artifactDir}}, each version
 * brings its own scripts; these commands use the stable version's (a deployment migrates with its
 * candidate's, see {@link DeploymentMigrations}). {@code up} refuses a {@code -- slipway:contract}
 * script while a version other than the stable one runs: that version may still use what it removes.
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    /** installed_by of the migrator that only reads (status, validate); it writes no history. */
    private static final String READER = "slipway";
    private final Function<String, Optional<AppConfig>> apps;
    private final Map<String, String> env;
    private final Backups backups;
    private final AppVersions versions;
    private final Path dataDir;
    private final Clock clock;
    private final Map<Key, Migrator> migrators = new ConcurrentHashMap<>();

    /**
     * How a change is asked for.
     *
     * @param by       who asks: the history's installed_by and the backup's author
     * @param dryRun   plan only: the statements the run would execute, nothing changed
     * @param noBackup run {@code up} or {@code down} without the backup before it
     * @param listener told of each script as it starts and finishes
     */
    public record Request(String by, boolean dryRun, boolean noBackup, MigrationListener listener) {
        public Request {
            if (by == null || by.isBlank()) {
                throw new IllegalArgumentException("by: \"" + by + "\" is empty; say who migrates");
            }
        }
    }

    private record Key(String app, String by, Path dir) {
    }

    /** The versions of an app, as migrations need them. */
    public interface AppVersions {
        /** Versions whose instances run or start: they may be using the schema. */
        List<String> running(String app);

        /** The version serving traffic, if any. */
        Optional<String> stable(String app);
    }

    /**
     * @param env     where a PostgreSQL database's {@code passwordEnv} is read (the server's environment)
     * @param dataDir where versions' artifact directories are, for a {@code {artifactDir}} in {@code database.migrations}
     */
    public Migrations(Function<String, Optional<AppConfig>> apps, Map<String, String> env, Backups backups,
                      AppVersions versions, Path dataDir, Clock clock) {
        this.apps = apps;
        this.env = Map.copyOf(env);
        this.backups = backups;
        this.versions = versions;
        this.dataDir = dataDir;
        this.clock = clock;
    }

    public Status status(String app) {
        return migrator(app, READER).status();
    }

    public Validation validate(String app) {
        return migrator(app, READER).validate();
    }

    /**
     * Pending forward scripts up to {@code to} (all when empty, then changed repeatable ones).
     *
     * @throws MigrationRefusedException when one is a contract script and another version than the stable one runs
     */
    public Outcome up(String app, Optional<Version> to, Request request) {
        AppConfig config = migratable(app);
        String stable = versions.stable(app).orElse(null);
        Migrator m = changing(config, migrator(config, request.by(), scriptsVersion(config)), Operation.UP, to, request);
        Plan plan = m.planUp(to);
        refuseContract(config, plan, blockers(app, stable, null));
        return request.dryRun() ? new Outcome(plan, null) : m.up(to);
    }

    /** Undo scripts down to, not including, {@code to}; the highest applied version only when empty. */
    public Outcome down(String app, Optional<Version> to, Request request) {
        AppConfig config = migratable(app);
        Migrator m = changing(config, migrator(config, request.by(), scriptsVersion(config)), Operation.DOWN, to,
                request);
        return request.dryRun() ? new Outcome(m.planDown(to), null) : m.down(to);
    }

    /** Removes failed history rows and realigns checksums; needs no backup (it writes only the history). */
    public Outcome repair(String app, Request request) {
        Migrator m = migrator(app, request.by()).withListener(request.listener());
        return request.dryRun() ? new Outcome(m.planRepair(), null) : m.repair();
    }

    /** Declares a database without history to be at {@code version}; writes one history row. */
    public Outcome baseline(String app, Version version, String description, Request request) {
        Migrator m = migrator(app, request.by()).withListener(request.listener());
        return request.dryRun() ? new Outcome(m.planBaseline(version, description), null)
                : m.baseline(version, description);
    }

    /**
     * The versions besides {@code target} that run, or that a deployment keeps warm ({@code previous}):
     * while there are any, contract scripts wait. Without a target (nothing deployed), any two running.
     */
    List<String> blockers(String app, String target, String previous) {
        List<String> running = new java.util.ArrayList<>(versions.running(app));
        if (previous != null && !running.contains(previous)) {
            running.add(previous);
        }
        if (target == null) {
            return running.size() > 1 ? List.copyOf(running) : List.of();
        }
        return running.stream().filter(v -> !v.equals(target)).toList();
    }

    private static void refuseContract(AppConfig config, Plan plan, List<String> blockers) {
        List<Migration> scripts = plan.migrations();
        Optional<Migration> contract = scripts.stream().filter(Migration::contract).findFirst();
        if (contract.isEmpty() || blockers.isEmpty()) {
            return;
        }
        int at = scripts.indexOf(contract.get());
        String app = config.name();
        throw new MigrationRefusedException("refusing to run " + contract.get().script() + ": it is a contract"
                + " migration (-- slipway:contract) and " + String.join(", ", blockers) + " of " + app
                + " still run(s) beside the stable version; " + String.join(", ", blockers) + " may still use what it"
                + " removes. It can run once only the stable version runs: after the previous version is retired (the"
                + " end of its deployment's keep-warm, scaleDownDelay " + config.scaleDownDelay().toSeconds()
                + "s; see slipway status " + app + "), then slipway migrate up " + app + " or the next deployment"
                + (at == 0 || scripts.get(at - 1).version() == null ? "" : ". Until then, slipway migrate up " + app
                + " --to " + scripts.get(at - 1).version() + " applies the scripts before it"));
    }

    /**
     * The version whose scripts {@code slipway migrate} uses: null when the app has one directory for all
     * versions, else the stable version.
     */
    private String scriptsVersion(AppConfig config) {
        if (!config.database().migrations().perVersion()) {
            return null;
        }
        return versions.stable(config.name()).orElseThrow(() -> notConfigured(config.name(), "has per-version"
                + " migrations (database.migrations: " + config.database().migrations().dir() + ") and no stable"
                + " version yet whose scripts to use: deploy a version, its deployment migrates the database"));
    }

    /** {@code version}'s migration directory (the one directory when there is no placeholder). */
    Path scripts(AppConfig config, String version) {
        MigrationsConfig m = config.database().migrations();
        return version == null || !m.perVersion() ? Path.of(m.dir())
                : m.dir(version, config.artifactDir(version, dataDir));
    }

    /** A migrator of {@code version}'s scripts for one deployment (not kept: its installed_by names the deployment). */
    Migrator deploying(AppConfig config, String version, String by) {
        return newMigrator(config, by, scripts(config, version));
    }

    /** {@code m} for {@code up} or {@code down}, with the backup before it unless refused or declined. */
    Migrator changing(AppConfig config, Migrator migrator, Operation operation, Optional<Version> to, Request request) {
        String app = config.name();
        Migrator m = migrator.withListener(request.listener());
        if (request.noBackup()) {
            if (!request.dryRun()) {
                log.warn("event=migrate-without-backup app={} operation={} by={}", app, operation.verb(), request.by());
            }
            return m;
        }
        if (config.backup() == null) {
            throw notConfigured(app, "has no backup: block in slipway.yaml, so no backup can be taken before migrate "
                    + operation.verb() + " changes its database. Add one, or migrate without a backup: --no-backup"
                    + " (API: \"noBackup\": true)");
        }
        return m.withBackupHook(plan -> Optional.of(backups.now(app, "pre-migration", request.by(),
                reason(plan, to)).id()));
    }

    /** {@code before migrate up to 3: apply 2 add email (V2__add_email.sql); apply 3 …}, kept with the backup. */
    private static String reason(Plan plan, Optional<Version> to) {
        return "before migrate " + plan.operation().verb() + to.map(v -> " to " + v).orElse("") + ": "
                + String.join("; ", plan.changes());
    }

    private Migrator migrator(String app, String by) {
        AppConfig config = migratable(app);
        return migrator(config, by, scriptsVersion(config));
    }

    private Migrator migrator(AppConfig config, String by, String version) {
        Path dir = scripts(config, version);
        return migrators.computeIfAbsent(new Key(config.name(), by, dir), key -> newMigrator(config, by, dir));
    }

    private Migrator newMigrator(AppConfig config, String by, Path dir) {
        DatabaseConfig db = config.database();
        MigrationOptions options = MigrationOptions.defaults().withInstalledBy(by).withLockWait(db.migrations().lockWait());
        return new Migrator(dir, database(config), options, clock);
    }

    private MigrationDatabase database(AppConfig config) {
        try {
            return MigrationDatabase.of(config.database(), env);
        } catch (IllegalArgumentException e) {
            throw new MigrationConfigException(MigrationConfigException.Kind.NOT_CONFIGURED, config.name(),
                    "apps." + config.name() + "." + e.getMessage());
        }
    }

    /** The app's config, when it is in slipway.yaml with a database and its migrations. */
    AppConfig migratable(String app) {
        AppConfig config = apps.apply(app).orElseThrow(() -> new MigrationConfigException(
                MigrationConfigException.Kind.UNKNOWN_APP, app, "app \"" + app + "\" is not in slipway.yaml"));
        if (config.database() == null) {
            throw notConfigured(app, "has no database: block in slipway.yaml: add one with the directory of its"
                    + " migration scripts, e.g. database: { path: data/" + app + ".db, migrations: db/migrations }");
        }
        if (config.database().migrations() == null) {
            throw notConfigured(app, "has no database.migrations in slipway.yaml: add the directory of its migration"
                    + " scripts under database:, e.g. migrations: db/migrations");
        }
        return config;
    }

    private static MigrationConfigException notConfigured(String app, String problem) {
        return new MigrationConfigException(MigrationConfigException.Kind.NOT_CONFIGURED, app, "app \"" + app + "\" "
                + problem + " (docs/configuration.md)");
    }
}
