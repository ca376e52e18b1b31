package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.backup.BackupException;
import io.slipway.backup.Backups;
import io.slipway.backup.DataTransfer;
import io.slipway.backup.PortableExport;
import io.slipway.backup.Replicas;
import io.slipway.backup.RestoreWindow;
import io.slipway.backup.RestoreMode;
import io.slipway.store.BackupRepository;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Backups of apps' databases: take one, list, show, verify, restore, prune; the PITR replica's restore
 * window, whether capture runs, and the replica's verification. Backups and restores of a large database
 * take a while; the call answers when done (the CLI waits).
 */
final class BackupApi {
    private final Backups backups;
    private final BackupRepository repository;
    private final DataTransfer transfer;
    private final Replicas replicas;

    private BackupApi(Backups backups, BackupRepository repository, DataTransfer transfer, Replicas replicas) {
        this.backups = backups;
        this.repository = repository;
        this.transfer = transfer;
        this.replicas = replicas;
    }

    static void mount(Router r, Backups backups, BackupRepository repository, DataTransfer transfer, Replicas replicas) {
        BackupApi api = new BackupApi(backups, repository, transfer, replicas);
        r.post("/api/v1/apps/:app/export").blockingHandler(guard(api::export));
        r.post("/api/v1/apps/:app/import").blockingHandler(guard(api::importData));
        r.post("/api/v1/apps/:app/backups").blockingHandler(guard(api::now));
        r.get("/api/v1/apps/:app/backups").blockingHandler(guard(api::list));
        r.post("/api/v1/apps/:app/backups/prune").blockingHandler(guard(api::prune));
        r.get("/api/v1/apps/:app/backups/:id").blockingHandler(guard(api::show));
        r.post("/api/v1/apps/:app/backups/:id/verify").blockingHandler(guard(api::verify));
        r.post("/api/v1/apps/:app/restore").blockingHandler(guard(api::restore));
        r.get("/api/v1/apps/:app/pitr").blockingHandler(guard(api::pitr));
        r.post("/api/v1/apps/:app/pitr/verify").blockingHandler(guard(ctx -> AdminApi.json(ctx, 200,
                backups.verifyReplica(ctx.pathParam("app")))));
    }

    /** Backup refusals as API errors: 400, 404, 409, or 500 with the message. */
    private static Handler<RoutingContext> guard(Handler<RoutingContext> handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (BackupException e) {
                int status = switch (e.kind()) {
                    case INVALID -> 400;
                    case NOT_FOUND -> 404;
                    case CONFLICT -> 409;
                    case CORRUPT -> 422;
                    case FAILED -> 500;
                };
                throw new ApiError(status, e.getMessage(), "app", ctx.pathParam("app"));
            }
        };
    }

    private void now(RoutingContext ctx) {
        JsonNode body = body(ctx, Set.of("reason"));
        AdminApi.json(ctx, 201, backups.now(ctx.pathParam("app"), "manual", AdminApi.who(ctx), Payloads.optionalText(body, "reason")));
    }

    private void list(RoutingContext ctx) {
        AdminApi.json(ctx, 200, backups.list(ctx.pathParam("app"), AdminApi.intParam(ctx, "limit", 50, 1, 10_000)));
    }

    private void show(RoutingContext ctx) {
        String app = ctx.pathParam("app");
        BackupRepository.StoredBackup b = repository.find(ctx.pathParam("id")).filter(x -> x.app().equals(app))
                .orElseThrow(() -> new ApiError(404, "backup \"" + ctx.pathParam("id") + "\" of " + app + " does not exist",
                        "id", ctx.pathParam("id")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backup", b);
        out.put("verifications", repository.verifications(b.id()));
        AdminApi.json(ctx, 200, out);
    }

    private void verify(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminApi.json(ctx, 200, backups.verify(ctx.pathParam("app"), "latest".equals(id) ? null : id));
    }

    /** {@code {"backup"?, "toTime"?, "beside"?, "stopApp"?}}: beside and stopApp together are refused (400). */
    private void restore(RoutingContext ctx) {
        JsonNode body = body(ctx, Set.of("backup", "beside", "stopApp", "toTime"));
        RestoreMode mode = RestoreMode.of(flag(body, "beside"), flag(body, "stopApp"));
        String toTime = Payloads.optionalText(body, "toTime");
        if (toTime != null) {
            if (body.hasNonNull("backup")) {
                throw ApiError.badField("toTime", toTime, "and backup cannot both be given");
            }
            AdminApi.json(ctx, 200, backups.restoreToTime(ctx.pathParam("app"), instant(toTime), mode, AdminApi.who(ctx)));
            return;
        }
        AdminApi.json(ctx, 200, backups.restore(ctx.pathParam("app"), Payloads.optionalText(body, "backup"), mode,
                AdminApi.who(ctx)));
    }

    /** The restore window and, beside it, the capture writing the replica. */
    private void pitr(RoutingContext ctx) {
        String app = ctx.pathParam("app");
        RestoreWindow window = backups.window(app);
        AdminApi.json(ctx, 200, PitrView.of(window, replicas.capture(app), replicas.replica(app)));
    }

    private void prune(RoutingContext ctx) {
        JsonNode body = body(ctx, Set.of("dryRun"));
        AdminApi.json(ctx, 200, backups.prune(ctx.pathParam("app"), flag(body, "dryRun")));
    }

    /** {@code {"dir": "/abs/path", "format": "jsonl"|"sql"}}: the directory is on the server's machine. */
    private void export(RoutingContext ctx) {
        JsonNode body = body(ctx, Set.of("dir", "format"));
        String format = Payloads.optionalText(body, "format");
        PortableExport.Format f;
        if (format == null || format.equals("jsonl")) {
            f = PortableExport.Format.JSONL;
        } else if (format.equals("sql")) {
            f = PortableExport.Format.SQL;
        } else {
            throw ApiError.badField("format", format, "must be jsonl or sql");
        }
        AdminApi.json(ctx, 200, transfer.export(ctx.pathParam("app"), directory(body), f));
    }

    /** {@code {"dir": "/abs/path", "replace": false}}. */
    private void importData(RoutingContext ctx) {
        JsonNode body = body(ctx, Set.of("dir", "replace"));
        AdminApi.json(ctx, 200, transfer.importInto(ctx.pathParam("app"), directory(body), flag(body, "replace"),
                AdminApi.who(ctx)));
    }

    /** An optional true/false field: false when absent, 400 when anything else. */
    private static boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && !value.isBoolean()) {
            throw ApiError.badField(field, value.toString(), "must be true or false");
        }
        return value != null && value.asBoolean();
    }

    private static java.time.Instant instant(String text) {
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiError.badField("toTime", text, "is not an ISO-8601 instant (e.g. 2026-12-06T10:15:30Z)");
        }
    }

    private static java.nio.file.Path directory(JsonNode body) {
        String dir = Payloads.requiredText(body, "dir");
        java.nio.file.Path path = java.nio.file.Path.of(dir);
        if (!path.isAbsolute()) {
            throw ApiError.badField("dir", dir, "must be an absolute path on the Slipway server's machine");
        }
        return path;
    }

    private static JsonNode body(RoutingContext ctx, Set<String> fields) {
        String text = ctx.body().asString();
        return text == null || text.isBlank() ? Json.MAPPER.createObjectNode() : Payloads.object(text, fields);
    }
}
