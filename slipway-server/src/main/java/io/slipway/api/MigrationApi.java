package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.migrate.LockHolder;
import io.slipway.migrate.Migration;
import io.slipway.migrate.MigrationException;
import io.slipway.migrate.MigrationFailedException;
import io.slipway.migrate.MigrationFileException;
import io.slipway.migrate.MigrationListener;
import io.slipway.migrate.MigrationLockException;
import io.slipway.migrate.MigrationRefusedException;
import io.slipway.migrate.Outcome;
import io.slipway.migrate.Version;
import io.slipway.server.MigrationConfigException;
import io.slipway.server.Migrations;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An app's database migrations: status, plan, up, down, validate, repair, baseline. A change answers
 * when it is done, with the statements it executed; with {@code "dryRun": true} the same answer says
 * what it would execute and changes nothing.
 */
final class MigrationApi {
    private static final String BASE = "/api/v1/apps/:app/migrations";
    private static final String PROGRESS = "migrationProgress";
    private final Migrations migrations;

    private MigrationApi(Migrations migrations) {
        this.migrations = migrations;
    }

    /** Up, down or their dry-run, as {@link Migrations} has them. */
    @FunctionalInterface
    private interface Move {
        Outcome run(String app, Optional<Version> to, Migrations.Request request);
    }

    static void mount(Router r, Migrations migrations) {
        MigrationApi api = new MigrationApi(migrations);
        // Not ordered: a migration can wait minutes for the lock or a long script, and ordered blocking
        // handlers run one at a time, which would hold every other API call behind it.
        r.get(BASE).blockingHandler(guard(api::status), false);
        r.get(BASE + "/plan").blockingHandler(guard(api::plan), false);
        r.post(BASE + "/up").blockingHandler(guard(ctx -> api.move(ctx, migrations::up)), false);
        r.post(BASE + "/down").blockingHandler(guard(ctx -> api.move(ctx, migrations::down)), false);
        r.post(BASE + "/validate").blockingHandler(guard(api::validate), false);
        r.post(BASE + "/repair").blockingHandler(guard(api::repair), false);
        r.post(BASE + "/baseline").blockingHandler(guard(api::baseline), false);
    }

    private void status(RoutingContext ctx) {
        String app = ctx.pathParam("app");
        AdminApi.json(ctx, 200, MigrationViews.StatusView.of(app, migrations.status(app)));
    }

    private void validate(RoutingContext ctx) {
        body(ctx, Set.of());
        String app = ctx.pathParam("app");
        AdminApi.json(ctx, 200, MigrationViews.ValidationView.of(app, migrations.validate(app)));
    }

    /** {@code GET …/plan?to=V&noBackup=true}: what up would run, as {@code POST …/up {"dryRun": true}} says. */
    private void plan(RoutingContext ctx) {
        String to = ctx.queryParams().get("to");
        Optional<Version> target = to == null ? Optional.empty() : Optional.of(version("to", to));
        String noBackup = ctx.queryParams().get("noBackup");
        if (noBackup != null && !noBackup.equals("true") && !noBackup.equals("false")) {
            throw ApiError.badField("noBackup", noBackup, "must be true or false");
        }
        respond(ctx, (app, request) -> migrations.up(app, target, request), true, "true".equals(noBackup));
    }

    /** {@code {"to"?, "dryRun"?, "noBackup"?}}. */
    private void move(RoutingContext ctx, Move move) {
        JsonNode body = body(ctx, Set.of("to", "dryRun", "noBackup"));
        Optional<Version> to = optionalVersion(body, "to");
        respond(ctx, (app, request) -> move.run(app, to, request), flag(body, "dryRun"), flag(body, "noBackup"));
    }

    /** {@code {"dryRun"?}}. */
    private void repair(RoutingContext ctx) {
        JsonNode body = body(ctx, Set.of("dryRun"));
        respond(ctx, migrations::repair, flag(body, "dryRun"), false);
    }

    /** {@code {"version", "description"?, "dryRun"?}}. */
    private void baseline(RoutingContext ctx) {
        JsonNode body = body(ctx, Set.of("version", "description", "dryRun"));
        Version version = optionalVersion(body, "version").orElseThrow(() -> ApiError.badField("version", null, ""));
        String description = Payloads.optionalText(body, "description");
        respond(ctx, (app, request) -> migrations.baseline(app, version, description, request), flag(body, "dryRun"),
                false);
    }

    private void respond(RoutingContext ctx, java.util.function.BiFunction<String, Migrations.Request, Outcome> change,
                         boolean dryRun, boolean noBackup) {
        Progress progress = new Progress();
        ctx.put(PROGRESS, progress);
        String app = ctx.pathParam("app");
        Outcome outcome = change.apply(app, new Migrations.Request(AdminApi.who(ctx), dryRun, noBackup, progress));
        AdminApi.json(ctx, 200, MigrationViews.RunView.of(app, outcome, dryRun));
    }

    /** Migration refusals and failures as answers naming the app, with what the engine knows about them. */
    private static Handler<RoutingContext> guard(Handler<RoutingContext> handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (MigrationConfigException e) {
                int status = e.kind() == MigrationConfigException.Kind.UNKNOWN_APP ? 404 : 400;
                AdminApi.json(ctx, status, error(ctx, e));
            } catch (MigrationException e) {
                AdminApi.json(ctx, status(e), failure(ctx, e));
            }
        };
    }

    /**
     * 409 when the lock is held or the history stands in the way (validate's problems, a target that does
     * not fit), 422 when the scripts cannot be used as they are (names, duplicates, a missing undo script),
     * 500 when a script or the backup failed or the database could not be reached.
     */
    private static int status(MigrationException e) {
        if (e instanceof MigrationLockException || e instanceof MigrationRefusedException) {
            return 409;
        }
        return e instanceof MigrationFileException ? 422 : 500;
    }

    private static Map<String, Object> failure(RoutingContext ctx, MigrationException e) {
        Map<String, Object> body = error(ctx, e);
        details(body, e);
        Progress progress = ctx.get(PROGRESS);
        if (progress != null) {
            body.put("applied", progress.finished);
        }
        return body;
    }

    /** What the exception knows beyond its message: the failed script, the lock's holder, the problems. */
    private static void details(Map<String, Object> body, MigrationException e) {
        if (e instanceof MigrationFailedException f) {
            body.put("version", MigrationViews.text(f.migration().version()));
            body.put("script", f.migration().script());
            body.put("statement", f.statement());
        } else if (e instanceof MigrationLockException l && l.holder() != null) {
            LockHolder holder = l.holder();
            body.put("owner", holder.owner());
            body.put("acquiredAt", holder.acquiredAt());
            body.put("expiresAt", holder.expiresAt());
        } else if (e instanceof MigrationRefusedException r) {
            body.put("problems", MigrationViews.problems(r.problems()));
        } else if (e instanceof MigrationFileException f) {
            body.put("problems", f.problems());
        }
    }

    private static Map<String, Object> error(RoutingContext ctx, RuntimeException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("app", ctx.pathParam("app"));
        return body;
    }

    /** A version as a string ({@code "1.1"}) or a whole number; empty when absent. */
    private static Optional<Version> optionalVersion(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw ApiError.badField(field, value.toString(), "must be a version as a string, e.g. \"3\" or \"1.1\"");
        }
        return Optional.of(version(field, value.asText()));
    }

    private static Version version(String field, String text) {
        try {
            return Version.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badField(field, text, "is not a version: numbers separated by . or _ (e.g. 3, 1.2, 2025_01_31)");
        }
    }

    /** An optional true/false field: false when absent, 400 when anything else. */
    private static boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !value.isBoolean()) {
            throw ApiError.badField(field, value.toString(), "must be true or false");
        }
        return value != null && value.asBoolean();
    }

    private static JsonNode body(RoutingContext ctx, Set<String> fields) {
        return Payloads.optionalObject(ctx.body().asString(), fields);
    }

    /** The scripts a run has finished, so that a failure can say which ran before it. */
    private static final class Progress implements MigrationListener {
        private final List<String> finished = new CopyOnWriteArrayList<>();

        @Override
        public void finished(Migration migration, Duration took) {
            finished.add(migration.script());
        }
    }
}
