package io.slipway.migrate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Migrates one app's database with the scripts in its migration directory ({@code V}, {@code U} and
 * {@code R} files; see docs/migrations.md), recording each in {@code slipway_migration_history}.
 *
 * <p>Every operation that changes the database ({@link #up}, {@link #down}, {@link #repair},
 * {@link #baseline}) has a {@code plan…} twin that changes nothing and returns the exact statements
 * the operation would execute. A change runs under the database's migration lock: its tables are
 * created when missing, the lock is taken (waiting for another migrator), the history is read and the
 * plan made, the backup hook is called when there is something to run, the plan's statements run, and
 * the lock is released. Reading the scripts or the history finds problems before anything runs.
 *
 * <p>Instances are immutable and safe to share; each operation opens its own connection.
 */
public final class Migrator {
    private static final Logger log = LoggerFactory.getLogger(Migrator.class);
    private static final List<String> TABLES = List.of(HistoryTable.NAME, LockTable.NAME);
    private final Path directory;
    private final MigrationDatabase database;
    private final MigrationOptions options;
    private final Clock clock;
    private final BackupHook backupHook;
    private final MigrationListener listener;
    private final String owner;

    /**
     * @param directory the app's migration scripts
     * @param clock     measures how long this migrator waits for the lock (leases use the database's clock)
     */
    public Migrator(Path directory, MigrationDatabase database, MigrationOptions options, Clock clock) {
        this(directory, database, options, clock, null, MigrationListener.NONE, newOwner());
    }

    private Migrator(Path directory, MigrationDatabase database, MigrationOptions options, Clock clock,
                     BackupHook backupHook, MigrationListener listener, String owner) {
        this.directory = directory;
        this.database = database;
        this.options = options;
        this.clock = clock;
        this.backupHook = backupHook;
        this.listener = listener;
        this.owner = owner;
    }

    /** The same migrator, calling {@code hook} before {@code up} and {@code down} change anything. */
    public Migrator withBackupHook(BackupHook hook) {
        return new Migrator(directory, database, options, clock, Objects.requireNonNull(hook), listener, owner);
    }

    public Migrator withListener(MigrationListener newListener) {
        return new Migrator(directory, database, options, clock, backupHook, Objects.requireNonNull(newListener), owner);
    }

    /** How this migrator names itself in the lock row: host, pid and a token of its own. */
    public String owner() {
        return owner;
    }

    public MigrationDatabase database() {
        return database;
    }

    public Status status() {
        return read(Context::status);
    }

    public Validation validate() {
        return read(Context::validation);
    }

    /** What {@link #up} would run now, changing nothing (dry-run). */
    public Plan planUp(Optional<Version> to) {
        return read(c -> up(c, to));
    }

    /** What {@link #down} would run now, changing nothing (dry-run). */
    public Plan planDown(Optional<Version> to) {
        return read(c -> down(c, to));
    }

    public Plan planRepair() {
        return read(this::repair);
    }

    public Plan planBaseline(Version version, String description) {
        return read(c -> baseline(c, version, description));
    }

    /**
     * Runs the pending forward scripts up to {@code to} (all when empty, then new or changed repeatable ones).
     *
     * @throws MigrationRefusedException when validate finds problems or {@code to} does not fit
     * @throws MigrationFailedException  when a script fails (the history marks it; repair before going on)
     * @throws MigrationLockException    when another migrator keeps the lock past the wait time
     * @throws MigrationFileException    when the directory has malformed or conflicting scripts
     */
    public Outcome up(Optional<Version> to) {
        return change(c -> up(c, to));
    }

    /**
     * Runs undo scripts, highest version first, down to but not including {@code to}; when empty, undoes
     * the highest applied version only. Runs nothing unless every version to undo has its undo script.
     *
     * @throws MigrationFileException naming each version without an undo script and the file expected
     */
    public Outcome down(Optional<Version> to) {
        return change(c -> down(c, to));
    }

    /** Removes failed history rows and realigns applied scripts' checksums to their files; the plan says what changed. */
    public Outcome repair() {
        return change(this::repair);
    }

    /**
     * Declares a database that has a schema but no migration history to be at {@code version}: scripts up
     * to it never run. A blank description becomes "baseline".
     *
     * @throws MigrationRefusedException when the database has history rows already
     */
    public Outcome baseline(Version version, String description) {
        return change(c -> baseline(c, version, description));
    }

    private Plan up(Context c, Optional<Version> to) {
        c.requireValid();
        return c.writer().migrations(Operation.UP, Planner.up(c.files(), c.history(), c.status(), to), backupHook != null);
    }

    private Plan down(Context c, Optional<Version> to) {
        c.requireValid();
        return c.writer().migrations(Operation.DOWN, Planner.down(c.files(), c.history(), to), backupHook != null);
    }

    private Plan repair(Context c) {
        return c.writer().historyChanges(Operation.REPAIR, Planner.repair(c.history(), c.status()));
    }

    private Plan baseline(Context c, Version version, String description) {
        Planner.checkBaseline(c.history(), database.describe());
        String text = description == null || description.isBlank() ? "baseline" : description.strip();
        return c.writer().historyChanges(Operation.BASELINE, List.of(new PlanWriter.HistoryChange(
                historyTable().baseline(c.history().nextRank(), Objects.requireNonNull(version, "version"), text),
                "baseline at version " + version + " (" + text + "): scripts up to it count as applied")));
    }

    private <T> T read(Function<Context, T> use) {
        MigrationFiles files = MigrationFiles.read(directory, database.dialect());
        try (Session session = database.open(false)) {
            return use.apply(context(files, session, missingTables(session)));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private Outcome change(Function<Context, Plan> planning) {
        MigrationFiles files = MigrationFiles.read(directory, database.dialect());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Migrator::lockThread);
        try (Session session = database.open(true)) {
            List<String> missing = missingTables(session);
            createTables(session, missing);
            MigrationLock lock = new MigrationLock(lockTable(), options, clock, listener, database.describe());
            lock.acquire(session, scheduler);
            try (Heartbeat heartbeat = Heartbeat.start(database, lockTable().renew(), options.lease(), scheduler)) {
                return run(planning.apply(context(files, session, missing)), session);
            } finally {
                lock.release(session);
            }
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            scheduler.shutdown();
        }
    }

    private Outcome run(Plan plan, Session session) {
        Outcome outcome = new Outcome(plan, new Execution(session, plan, backupHook, listener, database.describe()).run());
        log.info("event=migrate-done operation={} database={} changes={}", plan.operation().verb(), database.describe(),
                plan.changes().size());
        return outcome;
    }

    private Context context(MigrationFiles files, Session session, List<String> missingTables) throws SQLException {
        History history = HistoryTable.read(session);
        List<Sql> setup = missingTables.stream().map(t -> new Sql(create(t), Sql.Role.SETUP)).toList();
        return new Context(files, history, Reconciliation.status(database.describe(), files, history),
                new PlanWriter(database.dialect(), historyTable(), lockTable(), setup, history.nextRank()),
                directory.toString(), database.describe());
    }

    private static List<String> missingTables(Session session) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String table : TABLES) {
            if (!session.hasTable(table)) {
                missing.add(table);
            }
        }
        return missing;
    }

    /** Creates the engine's tables; one that another migrator created at the same moment is as good. */
    private static void createTables(Session session, List<String> missing) throws SQLException {
        for (String table : missing) {
            try {
                session.execute(create(table));
            } catch (SQLException e) {
                if (!session.hasTable(table)) {
                    throw e;
                }
            }
        }
    }

    private static String create(String table) {
        return table.equals(HistoryTable.NAME) ? HistoryTable.CREATE : LockTable.CREATE;
    }

    private HistoryTable historyTable() {
        return new HistoryTable(database.dialect(), options.installedBy());
    }

    private LockTable lockTable() {
        return new LockTable(database.dialect(), owner, options.lease());
    }

    private MigrationException failure(SQLException e) {
        return new MigrationException(database.describe() + ": " + e.getMessage(), e);
    }

    private static Thread lockThread(Runnable r) {
        Thread t = new Thread(r, "slipway-migrate-lock");
        t.setDaemon(true);
        return t;
    }

    private static String newOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + " pid " + ProcessHandle.current().pid() + " #"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** What one operation works from: the scripts, the history, their status, and a writer for its plan. */
    private record Context(MigrationFiles files, History history, Status status, PlanWriter writer, String dir,
                           String database) {
        Validation validation() {
            return Validation.of(status, dir);
        }

        void requireValid() {
            Validation validation = validation();
            if (!validation.ok()) {
                throw new MigrationRefusedException(database, validation);
            }
        }
    }
}
