package io.slipway.server;

import io.slipway.backup.Backups;
import io.slipway.backup.RestoreMode;
import io.slipway.backup.RestoreResult;
import io.slipway.config.AppConfig;
import io.slipway.deploy.Schema;
import io.slipway.deploy.SchemaChange;
import io.slipway.migrate.HistoryType;
import io.slipway.migrate.Migration;
import io.slipway.migrate.MigrationListener;
import io.slipway.migrate.Migrator;
import io.slipway.migrate.Operation;
import io.slipway.migrate.Outcome;
import io.slipway.migrate.Status;
import io.slipway.migrate.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The migration engine as deployments use it ({@link Schema}): a candidate's own scripts applied before
 * it starts, up to the first contract script while another version runs; a rollback's undo scripts and
 * backup restores. The work runs on a thread of its own, one operation at a time, off the orchestrator's
 * tick. Like {@code slipway migrate up}, a change takes the pre-migration backup first and is refused
 * when the app has no {@code backup:} block.
 */
public final class DeploymentMigrations implements Schema, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeploymentMigrations.class);
    private final Migrations migrations;
    private final Backups backups;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "slipway-deploy-migrate");
        t.setDaemon(true);
        return t;
    });

    public DeploymentMigrations(Migrations migrations, Backups backups) {
        this.migrations = migrations;
        this.backups = backups;
    }

    @Override
    public CompletableFuture<SchemaChange> migrate(AppConfig app, String version, String previous, String by) {
        return async(() -> migrateNow(app, version, previous, by));
    }

    @Override
    public CompletableFuture<SchemaChange> undo(AppConfig app, String version, String to, String by) {
        return async(() -> undoNow(app, version, Version.parse(to), by));
    }

    @Override
    public CompletableFuture<Restored> restore(AppConfig app, String backup, String by) {
        return async(() -> {
            RestoreResult r = backups.restore(app.name(), backup, RestoreMode.STOP_APP, by);
            return new Restored(r.backupId(), r.safetyBackup(), r.stoppedVersions());
        });
    }

    /** Pending scripts up to the first contract one while {@code previous} or another version runs. */
    private SchemaChange migrateNow(AppConfig app, String version, String previous, String by) {
        Migrator plain = migrations.deploying(migrations.migratable(app.name()), version, by);
        Status status = plain.status();
        Earlier earlier = Earlier.of(status, by);
        String before = earlier.applied().isEmpty() ? text(status.current()) : earlier.before();
        List<Migration> pending = plain.planUp(Optional.empty()).migrations();
        List<String> blockers = migrations.blockers(app.name(), version, previous);
        int stop = blockers.isEmpty() ? pending.size() : firstContract(pending);
        List<String> deferred = scripts(pending.subList(stop, pending.size()));
        List<String> waitingFor = deferred.isEmpty() ? List.of() : blockers;
        if (stop == 0) {
            return new SchemaChange(before, text(status.current()), earlier.applied(), deferred, waitingFor,
                    earlier.backup());
        }
        if (!earlier.applied().isEmpty()) {
            log.info("event=migrate-resumed app={} by=\"{}\" earlier={}", app.name(), by, earlier.applied());
        }
        Optional<Version> to = stop == pending.size() ? Optional.empty() : Optional.of(pending.get(stop - 1).version());
        Migrator m = migrations.changing(app, plain, Operation.UP, to, request(by));
        Outcome outcome = m.up(to);
        List<String> applied = new ArrayList<>(earlier.applied());
        applied.addAll(scripts(outcome.migrations()));
        return new SchemaChange(before, text(m.status().current()), applied, deferred, waitingFor,
                earlier.backup() != null ? earlier.backup() : outcome.backup());
    }

    /**
     * What the history says {@code by} (one deployment) applied already: a server that stopped after a
     * script committed but before the deployment recorded its step runs the step again, and the rows
     * it finds tell it what it did, so that a later rollback knows what to take back.
     *
     * @param applied the scripts, in the order they ran (versions in order, repeatable scripts last)
     * @param before  the version applied before them, or null
     * @param backup  the backup taken before them, or null
     */
    record Earlier(List<String> applied, String before, String backup) {
        static Earlier of(Status status, String by) {
            List<Status.Entry> mine = status.entries().stream().filter(e -> by.equals(e.installedBy())
                    && e.state().applied() && e.type() != HistoryType.UNDO_SQL && e.type() != HistoryType.BASELINE)
                    .toList();
            if (mine.isEmpty()) {
                return new Earlier(List.of(), null, null);
            }
            Version first = mine.stream().map(Status.Entry::version).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null);
            Version before = status.entries().stream().filter(e -> e.version() != null && !by.equals(e.installedBy())
                            && e.state().applied() && (first == null || e.version().compareTo(first) < 0))
                    .map(Status.Entry::version).max(Comparator.naturalOrder()).orElse(null);
            String backup = mine.stream().map(Status.Entry::backup).filter(Objects::nonNull).findFirst().orElse(null);
            return new Earlier(mine.stream().map(Status.Entry::script).toList(), text(before), backup);
        }
    }

    private SchemaChange undoNow(AppConfig app, String version, Version to, String by) {
        Migrator plain = migrations.deploying(migrations.migratable(app.name()), version, by);
        Version current = plain.status().current();
        if (current == null || current.compareTo(to) <= 0) {
            return new SchemaChange(text(current), text(current), List.of(), List.of(), List.of(), null);
        }
        Migrator m = migrations.changing(app, plain, Operation.DOWN, Optional.of(to), request(by));
        Outcome outcome = m.down(Optional.of(to));
        return new SchemaChange(text(current), text(m.status().current()), scripts(outcome.migrations()), List.of(),
                List.of(), outcome.backup());
    }

    /** The index of the first contract script; repeatable scripts after a deferred one wait with it. */
    private static int firstContract(List<Migration> pending) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).contract()) {
                return i;
            }
        }
        return pending.size();
    }

    private static Migrations.Request request(String by) {
        return new Migrations.Request(by, false, false, MigrationListener.NONE);
    }

    private static List<String> scripts(List<Migration> migrations) {
        return migrations.stream().map(Migration::script).toList();
    }

    private static String text(Version version) {
        return version == null ? null : version.toString();
    }

    private <T> CompletableFuture<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, worker);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
