package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.config.HostPort;
import io.slipway.deploy.Deployment;
import io.slipway.deploy.DeployException;
import io.slipway.monitor.ControlPlaneMetrics;
import io.slipway.monitor.FlagMetrics;
import io.slipway.server.ControlPlane;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The admin REST API on {@code server.listen}. Handlers are thin: parse, call the control plane,
 * render JSON. Store and orchestrator calls block, so every route runs as a blocking handler
 * off the event loop. The feature-flag routes are mounted from {@link FlagApi}.
 */
public final class AdminApi {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final long POLL_MS = 50;

    private final ControlPlane plane;
    private final Consumer<Boolean> shutdown;

    private AdminApi(ControlPlane plane, Consumer<Boolean> shutdown) {
        this.plane = plane;
        this.shutdown = shutdown;
    }

    /**
     * Binds the API; {@code shutdown} runs when a client asks the server to stop, with true when
     * the apps and the gateway are to be stopped too.
     */
    public static Future<HttpServer> listen(Vertx vertx, ControlPlane plane, HostPort listen,
                                            Consumer<Boolean> shutdown) {
        Router router = new AdminApi(plane, shutdown).routes(vertx);
        return vertx.createHttpServer().requestHandler(router).listen(listen.port(), listen.host());
    }

    private Router routes(Vertx vertx) {
        Router r = Router.router(vertx);
        FlagEventApi.bodyLimit(r);
        r.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY));
        r.get("/health/live").handler(ctx -> json(ctx, 200, Map.of("status", "UP")));
        r.get("/health/ready").blockingHandler(this::ready);
        r.get("/metrics").blockingHandler(this::metrics);
        r.get("/api/v1/apps").blockingHandler(ctx -> json(ctx, 200, plane.status()));
        r.get("/api/v1/gateway").blockingHandler(ctx -> json(ctx, 200, plane.gateway()));
        r.get("/api/v1/apps/:app").blockingHandler(ctx -> json(ctx, 200, plane.status(knownApp(ctx))));
        r.get("/api/v1/apps/:app/versions").blockingHandler(ctx -> json(ctx, 200, plane.versions(knownApp(ctx))));
        r.get("/api/v1/apps/:app/logs").blockingHandler(this::logs);
        r.post("/api/v1/apps/:app/rollback").blockingHandler(this::rollback);
        r.post("/api/v1/apps/:app/promote").blockingHandler(this::promote);
        r.post("/api/v1/apps/:app/pause").blockingHandler(ctx -> json(ctx, 200,
                plane.orchestrator().pause(knownApp(ctx), who(ctx))));
        r.post("/api/v1/apps/:app/resume").blockingHandler(ctx -> json(ctx, 200,
                plane.orchestrator().resume(knownApp(ctx), who(ctx))));
        r.post("/api/v1/apps/:app/abort").blockingHandler(ctx -> json(ctx, 202,
                plane.orchestrator().abort(knownApp(ctx), who(ctx))));
        r.get("/api/v1/deployments").blockingHandler(this::listDeployments);
        r.post("/api/v1/deployments").blockingHandler(this::deploy);
        r.get("/api/v1/deployments/:id").handler(this::getDeployment);
        r.post("/api/v1/server/shutdown").blockingHandler(this::shutdown);
        r.get("/api/v1/flags/file").blockingHandler(this::flagsFile); // before the flag routes take it for a key
        FlagStream stream = FlagApi.mount(r, vertx, plane.flags());
        FlagMetrics.streamClients(plane.metrics().registry(), stream::clients);
        FlagEventApi.mount(r, plane.flags(), plane::recordFlagEvents, plane.flagEvents(), plane.clock());
        BackupApi.mount(r, plane.backups(), plane.backupRepository(), plane.dataTransfer(), plane.replicas());
        MigrationApi.mount(r, plane.migrations());
        r.route().last().handler(ctx -> json(ctx, 404, Map.of("error", "no such endpoint: "
                + ctx.request().method() + " " + ctx.request().path())));
        r.route().failureHandler(this::failure);
        return r;
    }

    private void ready(RoutingContext ctx) {
        Map<String, Boolean> checks = plane.readiness();
        boolean up = checks.values().stream().allMatch(Boolean::booleanValue);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        json(ctx, up ? 200 : 503, body);
    }

    /** How the configured flags.yaml stands; 404 when slipway.yaml names none. */
    private void flagsFile(RoutingContext ctx) {
        json(ctx, 200, plane.flagsFile().orElseThrow(() -> new ApiError(404, "no flags file is configured"
                + " (flags.file in slipway.yaml)", "flags.file", null)).status());
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", ControlPlaneMetrics.CONTENT_TYPE).end(plane.metrics().scrape());
    }

    private void deploy(RoutingContext ctx) {
        JsonNode body = Payloads.object(ctx.body().asString(), Set.of("app", "version", "strategy"));
        String app = Payloads.requiredText(body, "app");
        String version = Payloads.requiredText(body, "version");
        String strategy = Payloads.optionalText(body, "strategy");
        Deployment.Strategy chosen = null;
        if (strategy != null) {
            if (!strategy.equals(Deployment.Strategy.BLUE_GREEN.label())
                    && !strategy.equals(Deployment.Strategy.CANARY.label())) {
                throw ApiError.badField("strategy", strategy, "is not supported (supported: blue-green, canary)");
            }
            chosen = Deployment.Strategy.parse(strategy);
        }
        json(ctx, 202, plane.orchestrator().deploy(app, version, chosen, who(ctx)));
    }

    /** {@code {"full": true}} skips every canary step left; without a body, only the current one. */
    private void promote(RoutingContext ctx) {
        String app = knownApp(ctx);
        String body = ctx.body().asString();
        boolean full = false;
        if (body != null && !body.isBlank()) {
            JsonNode fullField = Payloads.object(body, Set.of("full")).get("full");
            if (fullField != null && !fullField.isBoolean()) {
                throw ApiError.badField("full", fullField.toString(), "must be true or false");
            }
            full = fullField != null && fullField.asBoolean();
        }
        json(ctx, 200, plane.orchestrator().promote(app, full, who(ctx)));
    }

    private void rollback(RoutingContext ctx) {
        String app = knownApp(ctx);
        String body = ctx.body().asString();
        String to = body == null || body.isBlank() ? null
                : Payloads.optionalText(Payloads.object(body, Set.of("to")), "to");
        json(ctx, 202, plane.orchestrator().rollback(app, to, who(ctx)));
    }

    private void listDeployments(RoutingContext ctx) {
        String app = ctx.queryParams().get("app");
        if (app != null) {
            knownApp(app);
        }
        json(ctx, 200, plane.deployments(app, intParam(ctx, "limit", 20, 1, 1000)));
    }

    /**
     * Returns a deployment. With {@code events=N&waitMs=T} it is a long poll: the answer comes as
     * soon as the deployment has more than N events, or after T ms — how the CLI follows progress.
     */
    private void getDeployment(RoutingContext ctx) {
        String raw = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiError.badField("id", raw, "is not a deployment id (a positive number)");
        }
        int seen = intParam(ctx, "events", -1, 0, Integer.MAX_VALUE);
        long deadline = System.nanoTime() + intParam(ctx, "waitMs", 0, 0, 30_000) * 1_000_000L;
        poll(ctx, id, seen, deadline);
    }

    private void poll(RoutingContext ctx, long id, int seen, long deadline) {
        ctx.vertx().executeBlocking(() -> plane.deployment(id)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                ctx.fail(new ApiError(404, "deployment #" + id + " does not exist", "id", id));
            } else if (ar.result().get().events().size() > seen || System.nanoTime() >= deadline) {
                json(ctx, 200, ar.result().get());
            } else if (!ctx.response().closed()) {
                ctx.vertx().setTimer(POLL_MS, t -> poll(ctx, id, seen, deadline));
            }
        });
    }

    private void logs(RoutingContext ctx) {
        String app = knownApp(ctx);
        String version = ctx.queryParams().get("version");
        if (version == null) {
            version = plane.stableVersion(app).orElseThrow(() -> new ApiError(404,
                    app + " has no stable version yet; pass ?version=", "version", null));
        }
        List<String> lines = plane.logs(app, version, intParam(ctx, "lines", 100, 1, 10_000));
        json(ctx, 200, Map.of("app", app, "version", version, "lines", lines));
    }

    private void shutdown(RoutingContext ctx) {
        boolean stopApps = "true".equals(ctx.queryParams().get("stopApps"));
        json(ctx, 202, Map.of("status", stopApps ? "stopping apps, gateway and server" : "stopping server"));
        ctx.vertx().setTimer(50, id -> new Thread(() -> shutdown.accept(stopApps), "slipway-shutdown").start());
    }

    private String knownApp(RoutingContext ctx) {
        return knownApp(ctx.pathParam("app"));
    }

    private String knownApp(String app) {
        if (plane.app(app).isEmpty()) {
            throw new ApiError(404, "app \"" + app + "\" is not in slipway.yaml (apps: "
                    + String.join(", ", plane.config().apps().keySet()) + ")", "app", app);
        }
        return app;
    }

    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the accepted range
        }
        throw ApiError.badField(name, raw, "must be a whole number from " + min + " to " + max);
    }

    static String who(RoutingContext ctx) {
        String user = ctx.request().getHeader("X-Slipway-User");
        return user == null || user.isBlank() ? "api" : user;
    }

    private void failure(RoutingContext ctx) {
        Throwable e = ctx.failure();
        if (e instanceof ApiError api) {
            json(ctx, api.status, api.body());
        } else if (e instanceof DeployException d) {
            int status = switch (d.kind()) {
                case BAD_REQUEST -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
            };
            json(ctx, status, Map.of("error", d.getMessage()));
        } else if (e == null && ctx.statusCode() == 413) {
            json(ctx, 413, Map.of("error", "request body larger than " + MAX_BODY + " bytes"));
        } else if (e == null) {
            json(ctx, ctx.statusCode(), Map.of("error", "HTTP " + ctx.statusCode()));
        } else {
            log.error("event=api-error path={} error=\"{}\"", ctx.request().path(), e.getMessage(), e);
            json(ctx, 500, Map.of("error", "internal error: " + e.getMessage()));
        }
    }

    static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.write(body));
    }
}
