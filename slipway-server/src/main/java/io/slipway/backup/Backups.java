package io.slipway.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.slipway.api.Json;
import io.slipway.config.AppConfig;
import io.slipway.config.BackupConfig;
import io.slipway.config.DatabaseConfig;
import io.slipway.store.BackupRepository;
import io.slipway.store.BackupRepository.StoredBackup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Backups of apps' databases: taken online, archived (compressed, optionally encrypted, checksummed),
 * described by a manifest, verified by restoring into a scratch location, restored only after a
 * safety backup of what they replace. Every backup and verification is recorded with its evidence.
 */
public final class Backups {
    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    static final String ARCHIVE_SUFFIX = ".slpwbk";
    static final String MANIFEST_SUFFIX = ".manifest.json";
    private final BackupRepository repository;
    private final Function<String, Optional<AppConfig>> apps;
    private final Map<String, String> env;
    private final Clock clock;
    private final AppInstances instances;

    /**
     * @param env       where encryption keys named by {@code keyEnv} are read (the server's environment)
     * @param instances the apps' running versions (which may be writing their databases), stopped and started
     *                  again by a restore with {@link RestoreMode#STOP_APP}
     */
    public Backups(BackupRepository repository, Function<String, Optional<AppConfig>> apps, Map<String, String> env,
                   Clock clock, AppInstances instances) {
        this.repository = repository;
        this.apps = apps;
        this.instances = instances;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    /**
     * Takes a backup of the app's database now and, when the app's config says so, verifies it.
     *
     * @param kind manual, scheduled, safety or pre-migration
     * @throws BackupException saying what failed; the failure is recorded too
     */
    public StoredBackup now(String app, String kind, String by, String reason) {
        AppConfig config = configured(app);
        Instant started = clock.instant();
        String id = app + "-" + ID_TIME.format(started) + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        repository.started(id, app, kind, started, by, reason);
        try {
            BackupManifest manifest = take(config, id, kind, started);
            Path archive = config.backup().dir().resolve(id + ARCHIVE_SUFFIX);
            repository.finished(id, archive.toString(), manifest.archive().storedBytes(), json(manifest), clock.instant());
            log.info("event=backup-done app={} id={} kind={} bytes={} rows={}", app, id, kind,
                    manifest.archive().storedBytes(), manifest.rows().values().stream().mapToLong(Long::longValue).sum());
        } catch (RuntimeException e) {
            repository.failed(id, e.getMessage(), clock.instant());
            log.error("event=backup-failed app={} id={} error=\"{}\"", app, id, e.getMessage());
            throw e instanceof BackupException b ? b : new BackupException("backup " + id + " failed: " + e.getMessage(), e);
        }
        if (config.backup().verifyAfter()) {
            verify(app, id);
        }
        return repository.find(id).orElseThrow();
    }

    /** The app's backups, newest first. */
    public List<StoredBackup> list(String app, int limit) {
        configured(app);
        return repository.list(app, limit);
    }

    /**
     * Restores the backup into a scratch file and checks it there: archive checksums (and the key),
     * {@code PRAGMA integrity_check}, and the rows of every table against the manifest. The result is
     * recorded; a failed verification is a result, not an exception.
     *
     * @param id the backup, or null for the app's latest completed one
     */
    public Verification verify(String app, String id) {
        AppConfig config = configured(app);
        StoredBackup backup = completed(app, id);
        BackupManifest manifest = manifest(backup);
        Verification result = BackupVerifier.verify(Path.of(backup.file()), manifest, key(config.backup()),
                config.backup().dir(), clock.instant(), engine(config.database()), config.database());
        repository.verified(backup.id(), result.at(), result.ok(), result.message(), json(result.details()));
        if (result.ok()) {
            log.info("event=backup-verified app={} id={} message=\"{}\"", app, backup.id(), result.message());
        } else {
            log.error("event=backup-verification-failed app={} id={} message=\"{}\"", app, backup.id(), result.message());
        }
        return result;
    }

    /**
     * Restores a backup over the app's database or beside it, as {@code mode} says: {@link RestoreMode#IN_PLACE}
     * only while no instance of the app runs (it could be writing, and its writes would be lost or corrupt the
     * file); {@link RestoreMode#STOP_APP} with its running versions stopped for the swap and started again
     * after; {@link RestoreMode#BESIDE} into {@code <database>.restored-<time>}, whatever runs. Over the
     * database, a safety backup of what is replaced comes first. The archive is checked in full and restored
     * into a temporary file before anything is stopped or replaced: a bad backup changes nothing.
     *
     * @param id the backup, or null for the latest completed one
     * @throws BackupException when the app runs, the backup is bad, or the files cannot be written
     */
    public RestoreResult restore(String app, String id, RestoreMode mode, String by) {
        AppConfig config = configured(app);
        if (mode == RestoreMode.BESIDE && !config.database().sqlite()) {
            throw new BackupException(BackupException.Kind.INVALID, "--beside is for sqlite databases; to look at a"
                    + " PostgreSQL backup, restore it into another database with pg_restore");
        }
        StoredBackup backup = completed(app, id);
        BackupEngine engine = engine(config.database());
        return replace(config, mode, by, engine, target -> Staged.fromArchive(config, backup, key(config.backup()),
                engine, target));
    }

    /**
     * Restores the app's SQLite database as it was at {@code time}, from its PITR replica: in {@code mode}
     * like {@link #restore}, staged and checked first, after a safety backup.
     *
     * @throws BackupException when the app has no PITR, the time is outside the replica's window, or
     *                         the replica is damaged (a missing or corrupt segment is named)
     */
    public RestoreResult restoreToTime(String app, Instant time, RestoreMode mode, String by) {
        AppConfig config = pitrOf(app, "restore to a time needs continuous capture; restore a backup instead");
        return replace(config, mode, by, new SqliteEngine(), target -> Staged.fromReplica(config, time,
                key(config.backup()), target));
    }

    /**
     * Checks every file of the app's PITR replica (snapshots and WAL segments: present, in sequence, digests
     * intact, opened with the backup key when encrypted) and says which instants it can restore. A damaged
     * replica is a result, not an exception.
     *
     * @throws BackupException when the app has no backup.pitr
     */
    public ReplicaVerification verifyReplica(String app) {
        AppConfig config = pitrOf(app, "there is no replica to verify; verify a backup instead");
        Path dir = Replicas.dir(config);
        VerifyResult found = PointInTimeRestore.verify(dir, key(config.backup()));
        RestoreWindow window = found.snapshots() == 0 ? null : PointInTimeRestore.window(dir);
        ReplicaVerification result = ReplicaVerification.of(app, dir.toString(), window, found);
        if (result.ok()) {
            log.info("event=pitr-verified app={} segments={} from={} to={}", app, found.segments(),
                    window == null ? null : window.earliest(), window == null ? null : window.latest());
        } else {
            log.error("event=pitr-verification-failed app={} problems=\"{}\"", app, String.join("; ", found.problems()));
        }
        return result;
    }

    /**
     * The instants the app's PITR replica can restore: from its oldest snapshot to its newest capture.
     *
     * @throws BackupException when the app has no backup.pitr, or its replica holds no snapshot yet
     */
    public RestoreWindow window(String app) {
        Path dir = Replicas.dir(pitrOf(app, "there is no restore window; restore a backup instead"));
        try {
            return PointInTimeRestore.window(dir);
        } catch (ReplicaException e) {
            throw new BackupException(BackupException.Kind.NOT_FOUND, e.getMessage(), e);
        }
    }

    /**
     * The steps every restore shares: refused while the app runs (in place), staged, then with the app
     * stopped if asked, the safety backup and the swap.
     */
    private RestoreResult replace(AppConfig config, RestoreMode mode, String by, BackupEngine engine,
                                  Function<DatabaseConfig, Staged> stage) {
        String app = config.name();
        DatabaseConfig db = config.database();
        DatabaseConfig target = mode == RestoreMode.BESIDE ? besideOf(db) : db;
        if (mode == RestoreMode.IN_PLACE) {
            refuseWhileRunning(app);
        }
        Staged staged = stage.apply(target);
        try {
            List<String> stopped = mode == RestoreMode.STOP_APP ? instances.running(app) : List.of();
            String safety = new AppStop(instances, app, stopped).around(() -> swap(config, target, engine, staged, by));
            log.warn("event=backup-restored app={} from={} into={} safety={} stopped={} by={}", app, staged.source(),
                    target.describe(), safety, String.join(",", stopped), by);
            return new RestoreResult(app, staged.source(), db.describe(), target.describe(), safety, staged.rows(), stopped);
        } finally {
            deleteQuietly(staged.file());
        }
    }

    /** Moves the staged copy into place, after a safety backup when it replaces the database; returns that backup. */
    private String swap(AppConfig config, DatabaseConfig target, BackupEngine engine, Staged staged, String by) {
        DatabaseConfig db = config.database();
        boolean replaces = target.equals(db) && (!db.sqlite() || Files.exists(db.path()));
        String safety = replaces ? now(config.name(), "safety", by, "before restoring " + staged.source()).id() : null;
        try {
            engine.restore(target, staged.file());
            return safety;
        } catch (BackupException e) {
            throw new BackupException(e.getMessage() + (safety == null ? "" : "; the database before it is in backup "
                    + safety), e);
        }
    }

    /** The app's config when its backup: block has {@code pitr}; otherwise a refusal saying {@code instead}. */
    private AppConfig pitrOf(String app, String instead) {
        AppConfig config = configured(app);
        if (config.backup().pitr() == null) {
            throw new BackupException(BackupException.Kind.INVALID, app + " has no backup.pitr in slipway.yaml: "
                    + instead);
        }
        return config;
    }

    private DatabaseConfig besideOf(DatabaseConfig db) {
        Path path = db.path().resolveSibling(db.path().getFileName() + ".restored-" + ID_TIME.format(clock.instant()));
        return new DatabaseConfig(db.type(), path, null, 0, null, null, null);
    }

    private void refuseWhileRunning(String app) {
        List<String> running = instances.running(app);
        if (!running.isEmpty()) {
            throw new BackupException(BackupException.Kind.CONFLICT, app + " is running (" + String.join(", ", running)
                    + "): restoring over its database while it may write would lose data. Stop it for the restore:"
                    + " slipway backup restore " + app + " --stop-app, or restore beside it: slipway backup restore "
                    + app + " --beside");
        }
    }

    /**
     * Applies the app's retention to its completed backups: the files of those it does not keep are
     * removed and they are marked PRUNED. Running, failed and already pruned backups are left alone.
     */
    public PruneResult prune(String app, boolean dryRun) {
        BackupConfig b = configured(app).backup();
        List<StoredBackup> done = repository.list(app, 100_000).stream().filter(x -> x.status().equals("DONE")).toList();
        java.util.Set<StoredBackup> keep = new Retention(b.keepLast(), b.hourly(), b.daily(), b.weekly())
                .keep(done, StoredBackup::startedAt, clock.instant(), ZoneOffset.UTC);
        List<String> pruned = done.stream().filter(x -> !keep.contains(x)).map(StoredBackup::id).toList();
        if (!dryRun) {
            done.stream().filter(x -> !keep.contains(x)).forEach(this::remove);
        }
        return new PruneResult(app, done.stream().filter(keep::contains).map(StoredBackup::id).toList(), pruned, dryRun);
    }

    private void remove(StoredBackup backup) {
        try {
            Files.deleteIfExists(Path.of(backup.file()));
            Files.deleteIfExists(Path.of(backup.file().replace(ARCHIVE_SUFFIX, MANIFEST_SUFFIX)));
            repository.pruned(backup.id());
            log.info("event=backup-pruned app={} id={}", backup.app(), backup.id());
        } catch (IOException e) {
            throw new BackupException("cannot remove " + backup.file() + ": " + e.getMessage(), e);
        }
    }

    private BackupManifest take(AppConfig config, String id, String kind, Instant started) {
        DatabaseConfig db = config.database();
        BackupConfig b = config.backup();
        Path scratch = scratch(b.dir(), id);
        try {
            byte[] key = key(b);
            BackupEngine.Copied copied = engine(db).backup(db, scratch, b.dir().resolve(id + ARCHIVE_SUFFIX),
                    new ArchiveOptions(b.compress(), key));
            BackupManifest manifest = new BackupManifest(id, config.name(), kind, db.describe(), db.type(), started,
                    clock.instant(), copied.archive(), key == null ? null : BackupKeys.keyId(key), copied.tools(),
                    copied.schemaVersion(), copied.rows());
            writeAtomically(b.dir().resolve(id + MANIFEST_SUFFIX), json(manifest));
            return manifest;
        } catch (IOException e) {
            throw new BackupException("backup " + id + " of " + db.describe() + " failed writing to " + b.dir() + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** SQLite from a snapshot of its files, PostgreSQL through pg_dump/pg_restore. */
    BackupEngine engine(DatabaseConfig db) {
        return db.sqlite() ? new SqliteEngine() : new PostgresEngine(env);
    }

    AppConfig configured(String app) {
        AppConfig config = apps.apply(app).orElseThrow(() -> new BackupException(BackupException.Kind.NOT_FOUND,
                "app \"" + app + "\" is not in slipway.yaml"));
        if (config.database() == null || config.backup() == null) {
            throw new BackupException(BackupException.Kind.INVALID, "app \"" + app + "\" has no " + (config.database() == null ? "database" : "backup")
                    + ": block in slipway.yaml (see docs/configuration.md, backups)");
        }
        return config;
    }

    StoredBackup completed(String app, String id) {
        if (id == null) {
            return repository.list(app, 1000).stream().filter(b -> b.status().equals("DONE")).findFirst()
                    .orElseThrow(() -> new BackupException(BackupException.Kind.NOT_FOUND, app + " has no completed backup yet: slipway backup now " + app));
        }
        StoredBackup b = repository.find(id).filter(x -> x.app().equals(app))
                .orElseThrow(() -> new BackupException(BackupException.Kind.NOT_FOUND, "backup \"" + id + "\" of " + app + " does not exist (slipway backup list "
                        + app + ")"));
        if (!b.status().equals("DONE")) {
            throw new BackupException(BackupException.Kind.CONFLICT, "backup " + id + " is " + b.status() + (b.error() == null ? "" : ": " + b.error()));
        }
        return b;
    }

    static BackupManifest manifest(StoredBackup b) {
        try {
            return Json.MAPPER.readValue(b.manifestJson(), BackupManifest.class);
        } catch (JsonProcessingException e) {
            throw new BackupException("backup " + b.id() + " has an unreadable manifest: " + e.getOriginalMessage(), e);
        }
    }

    /** The encryption key the app's config names, or null when its backups are not encrypted. */
    byte[] key(BackupConfig b) {
        try {
            return BackupKeys.configured(b, env);
        } catch (BackupKeyException e) {
            throw new BackupException(BackupException.Kind.INVALID, "backup encryption key: " + e.getMessage());
        }
    }

    static Path scratch(Path dir, String id) {
        try {
            Files.createDirectories(dir);
            return dir.resolve(".scratch-" + id + ".db");
        } catch (IOException e) {
            throw new BackupException("cannot create the backup directory " + dir + ": " + e.getMessage(), e);
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    static void deleteQuietly(Path file) {
        try {
            SqliteDatabase.deleteWithSidecars(file);
        } catch (IOException e) {
            log.warn("event=scratch-not-deleted file={} error=\"{}\"", file, e.getMessage());
        }
    }

    static String json(Object value) {
        return Json.write(value);
    }
}
