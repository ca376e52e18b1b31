package io.slipway.deploy;

import io.slipway.config.MigrationsConfig;
import io.slipway.store.DeploymentRepository;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The steps that move an app's schema with its deployments: {@code migrate} before the candidate starts
 * (expand scripts now, contract scripts once the previous version is retired), and a rollback's
 * {@code schema} step, which applies the app's {@code onRollback} policy once traffic is back on the
 * previous version and the version rolled back from is stopped.
 */
final class SchemaSteps {
    static final String MIGRATE = "migrate";
    static final String SCHEMA = "schema";
    private static final String MIGRATE_KEY = "migrate.run";
    private static final String SCHEMA_KEY = "schema.run";

    private SchemaSteps() {
    }

    /** Whether deployments of the app migrate its database. */
    static boolean migrates(io.slipway.config.AppConfig app) {
        return app.database() != null && app.database().migrations() != null;
    }

    static Outcome migrate(DeployContext ctx) {
        if (ctx.deployment.schema() != null) {
            return Outcome.done(describe(ctx.deployment.schema(), ctx.version()));
        }
        CompletableFuture<SchemaChange> run = ctx.track(MIGRATE_KEY,
                () -> ctx.schema.migrate(ctx.app, ctx.version(), ctx.previous(), by(ctx)));
        if (!run.isDone()) {
            return Outcome.waiting("migrating " + ctx.app.name() + "'s database with " + ctx.version() + "'s scripts");
        }
        ctx.scratch.remove(MIGRATE_KEY);
        Optional<String> failure = failure(run);
        if (failure.isPresent()) {
            return Outcome.abort("migration failed, so " + ctx.version() + " was not started and traffic did not move: "
                    + failure.get());
        }
        SchemaChange change = run.join();
        ctx.deployments.schema(ctx.deployment.id(), change);
        if (!change.deferred().isEmpty()) {
            ctx.event(deferral(ctx, change));
        }
        return Outcome.done(describe(change, ctx.version()));
    }

    /** {@code applied V2__add_email.sql (schema 1 → 2), backup web-…} or {@code schema at 2: nothing to apply}. */
    static String describe(SchemaChange change, String version) {
        String done = change.changed()
                ? "applied " + String.join(", ", change.applied()) + " (schema " + SchemaChange.label(change.before())
                + " → " + SchemaChange.label(change.after()) + ")" + (change.backup() == null ? ", no backup taken"
                : ", backup " + change.backup() + " taken before")
                : "schema at " + SchemaChange.label(change.after()) + ": nothing of " + version + "'s to apply";
        return change.deferred().isEmpty() ? done
                : done + "; deferred " + String.join(", ", change.deferred()) + " while " + String.join(", ",
                change.blockers()) + " run(s)";
    }

    private static String deferral(DeployContext ctx, SchemaChange change) {
        return "deferred " + String.join(", ", change.deferred()) + ": " + change.deferred().get(0) + " is a contract"
                + " migration (-- slipway:contract) and " + String.join(", ", change.blockers()) + " still run(s) as"
                + " the warm rollback target, which may use what it removes. They can run once "
                + String.join(", ", change.blockers()) + " is retired (after keep-warm, scaleDownDelay "
                + ctx.app.scaleDownDelay().toSeconds() + "s): then slipway migrate up " + ctx.app.name()
                + ", or the next deployment";
    }

    /**
     * A rollback's schema step: what the deployment rolled back from did to the schema, and what the
     * app's {@code onRollback} policy does with it now.
     */
    static Outcome rollback(DeployContext ctx) {
        Optional<Deployment> migrated = rolledBack(ctx);
        if (migrated.isEmpty() || migrated.get().schema() == null || !migrated.get().schema().changed()) {
            return Outcome.done("schema untouched: " + migrated.map(d -> "deployment #" + d.id())
                    .orElse("the deployment") + " of " + ctx.previous() + " applied no migrations");
        }
        Deployment from = migrated.get();
        MigrationsConfig.OnRollback policy = ctx.app.database().migrations().onRollback();
        return switch (policy) {
            case KEEP -> Outcome.done(keep(ctx, from));
            case UNDO -> undo(ctx, from);
            case RESTORE -> restore(ctx, from);
        };
    }

    private static String keep(DeployContext ctx, Deployment from) {
        SchemaChange change = from.schema();
        return "onRollback keep: the schema stays at " + SchemaChange.label(change.after()) + " (deployment #"
                + from.id() + " applied " + String.join(", ", change.applied()) + "). " + ctx.version() + " runs on it:"
                + " while " + ctx.version() + " still ran, a deployment applies only what keeps the previous version"
                + " working (expand), and contract scripts wait until it is retired"
                + (change.deferred().isEmpty() ? "" : " (" + String.join(", ", change.deferred()) + " waited)")
                + ". To take them back: slipway migrate down " + ctx.app.name() + " --to "
                + (change.before() == null ? "0" : change.before());
    }

    private static Outcome undo(DeployContext ctx, Deployment from) {
        SchemaChange change = from.schema();
        String to = change.before() == null ? "0" : change.before();
        CompletableFuture<SchemaChange> run = ctx.track(SCHEMA_KEY,
                () -> ctx.schema.undo(ctx.app, from.version(), to, by(ctx)));
        if (!run.isDone()) {
            return Outcome.waiting("undoing deployment #" + from.id() + "'s migrations down to schema " + to);
        }
        ctx.scratch.remove(SCHEMA_KEY);
        Optional<String> failure = failure(run);
        if (failure.isPresent()) {
            return Outcome.abort("onRollback undo not done: " + failure.get() + ". The schema stays at "
                    + SchemaChange.label(change.after()) + " (see slipway migrate status " + ctx.app.name()
                    + "), which " + ctx.version() + " ran beside during the deployment (expand scripts only)");
        }
        SchemaChange undone = run.join();
        ctx.deployments.schema(ctx.deployment.id(), undone);
        if (!undone.changed()) {
            return Outcome.done("onRollback undo: nothing left to undo, the schema is at " + SchemaChange.label(
                    undone.after()) + " already, as before deployment #" + from.id() + " (undone before a restart,"
                    + " or by hand; see slipway migrate status " + ctx.app.name() + ")");
        }
        return Outcome.done("onRollback undo: ran " + String.join(", ", undone.applied()) + " after traffic was back on "
                + ctx.version() + " and " + ctx.previous() + " stopped; the schema is back at "
                + SchemaChange.label(undone.after()) + ", as before deployment #" + from.id()
                + (undone.backup() == null ? "" : "; backup " + undone.backup() + " taken before"));
    }

    private static Outcome restore(DeployContext ctx, Deployment from) {
        SchemaChange change = from.schema();
        if (change.backup() == null) {
            return Outcome.abort("onRollback restore not done: deployment #" + from.id() + " took no backup before its"
                    + " migrations; the schema stays at " + SchemaChange.label(change.after()));
        }
        CompletableFuture<Schema.Restored> run = ctx.track(SCHEMA_KEY,
                () -> ctx.schema.restore(ctx.app, change.backup(), by(ctx)));
        if (!run.isDone()) {
            return Outcome.waiting("restoring backup " + change.backup() + " with " + ctx.app.name() + " stopped");
        }
        ctx.scratch.remove(SCHEMA_KEY);
        Optional<String> failure = failure(run);
        if (failure.isPresent()) {
            return Outcome.abort("onRollback restore of " + change.backup() + " failed: " + failure.get());
        }
        Schema.Restored restored = run.join();
        return Outcome.done("onRollback restore: restored backup " + restored.backup() + ", taken before deployment #"
                + from.id() + " migrated (schema " + SchemaChange.label(change.before()) + "), after traffic was back on "
                + ctx.version() + "; " + (restored.stopped().isEmpty() ? "nothing ran" : String.join(", ",
                restored.stopped()) + " stopped") + " for the swap. Writes since that backup are lost; the database"
                + " before the restore is in safety backup " + restored.safety());
    }

    /**
     * When a deployment that migrated ends before its candidate took traffic, the schema it moved stays:
     * says so, and how to take it back.
     */
    static void afterAbort(Deployment d, DeploymentRepository deployments) {
        SchemaChange change = d.schema();
        if (change != null && change.changed()) {
            deployments.event(d.id(), "the schema stays at " + SchemaChange.label(change.after()) + " (applied "
                    + String.join(", ", change.applied()) + "): expand scripts, which "
                    + (d.previousVersion() == null ? "no version" : d.previousVersion()) + " runs on; onRollback"
                    + " applies to rollbacks. To take them back: slipway migrate down " + d.app() + " --to "
                    + (change.before() == null ? "0" : change.before()));
        }
    }

    /** The latest deployment (not a rollback) of the version this rollback goes back from. */
    private static Optional<Deployment> rolledBack(DeployContext ctx) {
        List<Deployment> recent = ctx.deployments.list(ctx.app.name(), 50);
        return recent.stream().filter(d -> d.id() < ctx.deployment.id() && d.version().equals(ctx.previous())
                && d.strategy() != Deployment.Strategy.ROLLBACK).findFirst();
    }

    private static String by(DeployContext ctx) {
        return ctx.deployment.requestedBy() + " (deployment #" + ctx.deployment.id() + ")";
    }

    private static Optional<String> failure(CompletableFuture<?> run) {
        if (!run.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(run.handle((v, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return cause.getMessage();
        }).join());
    }
}
