package io.slipway.server;

import io.slipway.backup.Backups;
import io.slipway.backup.RestoreMode;
import io.slipway.backup.RestoreResult;
import io.slipway.config.AppConfig;
import io.slipway.deploy.Schema;
import io.slipway.deploy.SchemaChange;
import io.slipway.migrate.Migration;
import io.slipway.migrate.MigrationListener;
import io.slipway.migrate.Migrator;
import io.slipway.migrate.Operation;
import io.slipway.migrate.Outcome;
import io.slipway.migrate.Version;

import java.util.List;
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
        String before = text(plain.status().current());
        List<Migration> pending = plain.planUp(Optional.empty()).migrations();
        List<String> blockers = migrations.blockers(app.name(), version, previous);
        int stop = blockers.isEmpty() ? pending.size() : firstContract(pending);
        List<String> deferred = scripts(pending.subList(stop, pending.size()));
        List<String> waitingFor = deferred.isEmpty() ? List.of() : blockers;
        if (stop == 0) {
            return new SchemaChange(before, before, List.of(), deferred, waitingFor, null);
        }
        Optional<Version> to = stop == pending.size() ? Optional.empty() : Optional.of(pending.get(stop - 1).version());
        Migrator m = migrations.changing(app, plain, Operation.UP, to, request(by));
        Outcome outcome = m.up(to);
        return new SchemaChange(before, text(m.status().current()), scripts(outcome.migrations()), deferred, waitingFor,
                outcome.backup());
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
