package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.flags.Actor;
import io.slipway.flags.Evaluation;
import io.slipway.flags.Evaluator;
import io.slipway.flags.Flag;
import io.slipway.flags.FlagContext;
import io.slipway.flags.FlagException;
import io.slipway.flags.FlagUpdate;
import io.slipway.flags.Flags;
import io.slipway.flags.InvalidFlagException;
import io.slipway.flags.Ruleset;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The feature-flag routes of the admin API: flags, their environments and rollouts, evaluation,
 * history, and the ruleset for SDKs (polling with ETag, or streamed by {@link FlagStream}). Segments
 * and the seed's kill-switch endpoints are in {@link FlagAdminRoutes}.
 *
 * <p>Environments: reads without {@code environment} use the first configured one; enable and rollout
 * need one named unless only one is configured (switching the wrong one on is not harmless); disable
 * without one switches the flag off everywhere, the kill switch.
 */
final class FlagApi {
    private static final Set<String> SWITCH_FIELDS = Set.of("environment", "reason");
    private static final Set<String> ROLLOUT_FIELDS = Set.of("environment", "percent", "strategy", "reason");

    private final Flags flags;
    private final FlagStream stream;

    FlagApi(Flags flags, FlagStream stream) {
        this.flags = flags;
        this.stream = stream;
    }

    /** Mounts the flag routes (the stream's first: {@code ruleset} and {@code stream} are not flag keys). */
    static FlagStream mount(Router r, Vertx vertx, Flags flags) {
        FlagStream stream = new FlagStream(vertx, flags, FlagStream.KEEP_ALIVE_MS);
        new FlagApi(flags, stream).routes(r);
        new FlagAdminRoutes(flags).routes(r);
        return stream;
    }

    private void routes(Router r) {
        r.get("/api/v1/flags").blockingHandler(guard(this::list));
        r.post("/api/v1/flags").blockingHandler(guard(this::create));
        r.get("/api/v1/flags/ruleset").blockingHandler(guard(this::ruleset));
        r.get("/api/v1/flags/stream").handler(guard(stream::connect));
        r.get("/api/v1/flags/:key").blockingHandler(guard(this::get));
        r.put("/api/v1/flags/:key").blockingHandler(guard(this::put));
        r.delete("/api/v1/flags/:key").blockingHandler(guard(this::delete));
        r.post("/api/v1/flags/:key/enable").blockingHandler(guard(ctx -> switched(ctx, true)));
        r.post("/api/v1/flags/:key/disable").blockingHandler(guard(ctx -> switched(ctx, false)));
        r.post("/api/v1/flags/:key/rollout").blockingHandler(guard(this::rollout));
        r.post("/api/v1/flags/:key/evaluate").blockingHandler(guard(this::evaluate));
        r.get("/api/v1/flags/:key/history").blockingHandler(guard(this::history));
    }

    /** Turns the flag domain's refusals into API errors: 400, 404 or 409 with the field and value. */
    static Handler<RoutingContext> guard(Handler<RoutingContext> handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (InvalidFlagException e) {
                throw new ApiError(400, e.getMessage(), e.field(), e.value());
            } catch (FlagException e) {
                throw new ApiError(e.kind() == FlagException.Kind.NOT_FOUND ? 404 : 409, e.getMessage(), e.field(),
                        e.value());
            }
        };
    }

    /** {@code ?environment=}, or the first configured environment. @throws InvalidFlagException when unknown */
    static String environmentParam(RoutingContext ctx, Flags flags) {
        String environment = ctx.queryParams().get("environment");
        return flags.environment(environment == null ? flags.defaultEnvironment() : environment);
    }

    /** {@code ?environment=} restricts each flag to that environment, {@code ?category=} to that category. */
    private void list(RoutingContext ctx) {
        String environment = ctx.queryParams().get("environment");
        String category = ctx.queryParams().get("category");
        if (environment != null) {
            flags.environment(environment);
        }
        List<Flag> listed = flags.list().stream()
                .filter(f -> category == null || category.equals(f.category()))
                .map(f -> environment == null ? f : only(f, environment)).toList();
        AdminApi.json(ctx, 200, listed);
    }

    private static Flag only(Flag f, String environment) {
        Flag bare = new Flag(f.key(), f.description(), f.category(), f.owner(), f.tags(), f.staleAfter(), Map.of(),
                f.variants(), f.dependencies(), f.schedule(), f.guard(), f.createdAt(), f.updatedAt(), f.version());
        return f.environments().containsKey(environment)
                ? bare.withEnvironment(environment, f.environment(environment)) : bare;
    }

    private void create(RoutingContext ctx) {
        FlagUpdate created = flags.create(FlagBodies.flag(ctx.body().asString(), null), actor(ctx, null));
        ctx.response().putHeader("Location", "/api/v1/flags/" + created.flag().key());
        respondWithFlag(ctx, 201, created.flag());
    }

    private void get(RoutingContext ctx) {
        respondWithFlag(ctx, 200, flags.get(ctx.pathParam("key")));
    }

    /** Creates or replaces; {@code If-Match: <version>} makes it conditional on the version read. */
    private void put(RoutingContext ctx) {
        Flag flag = FlagBodies.flag(ctx.body().asString(), ctx.pathParam("key"));
        FlagUpdate update = flags.put(flag, ifMatch(ctx), actor(ctx, null));
        respondWithFlag(ctx, update.before() == null ? 201 : 200, update.flag());
    }

    private void delete(RoutingContext ctx) {
        FlagUpdate deleted = flags.delete(ctx.pathParam("key"), ifMatch(ctx), actor(ctx, null));
        AdminApi.json(ctx, 200, Map.of("deleted", deleted.before().key(), "version", flags.version()));
    }

    private void switched(RoutingContext ctx, boolean on) {
        JsonNode body = Payloads.optionalObject(ctx.body().asString(), SWITCH_FIELDS);
        String environment = Payloads.optionalText(body, "environment");
        Actor by = actor(ctx, Payloads.optionalText(body, "reason"));
        String key = ctx.pathParam("key");
        FlagUpdate update = on ? flags.enable(key, environmentToChange(environment), by)
                : flags.disable(key, environment, by);
        AdminApi.json(ctx, 200, outcome(update));
    }

    private void rollout(RoutingContext ctx) {
        JsonNode body = Payloads.object(ctx.body().asString(), ROLLOUT_FIELDS);
        Integer percent = Payloads.optionalInt(body, "percent");
        if (percent == null) {
            throw ApiError.badField("percent", null, "");
        }
        FlagUpdate update = flags.rollout(ctx.pathParam("key"),
                environmentToChange(Payloads.optionalText(body, "environment")), percent,
                Payloads.optionalText(body, "strategy"), actor(ctx, Payloads.optionalText(body, "reason")));
        AdminApi.json(ctx, 200, outcome(update));
    }

    /** Evaluates with the rules SDKs get, at the version they would have. */
    private void evaluate(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        EvaluationRequest request = EvaluationRequest.parse(ctx.body().asString());
        String environment = flags.environment(request.environment() == null ? flags.defaultEnvironment()
                : request.environment());
        Ruleset ruleset = flags.ruleset(environment);
        if (ruleset.flags().stream().noneMatch(f -> f.key().equals(key))) {
            throw new ApiError(404, "flag \"" + key + "\" does not exist", "key", key);
        }
        FlagContext context = request.context().environment() != null ? request.context()
                : request.context().toBuilder().environment(environment).build();
        AdminApi.json(ctx, 200, evaluation(Evaluator.of(ruleset).evaluate(key, context), environment,
                ruleset.version()));
    }

    private static Map<String, Object> evaluation(Evaluation e, String environment, long version) {
        Map<String, Object> variant = new LinkedHashMap<>();
        variant.put("name", e.variant().name());
        variant.put("payload", e.variant().payload());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flag", e.flag());
        body.put("enabled", e.enabled());
        body.put("variant", variant);
        body.put("reason", e.reason());
        body.put("strategy", e.strategy());
        body.put("environment", environment);
        body.put("version", version);
        return body;
    }

    private void history(RoutingContext ctx) {
        int limit = AdminApi.intParam(ctx, "limit", 100, 1, 10_000);
        AdminApi.json(ctx, 200, flags.history(ctx.pathParam("key"), limit));
    }

    /** The ruleset SDKs poll: {@code ETag: "<version>"}, 304 when {@code If-None-Match} has it. */
    private void ruleset(RoutingContext ctx) {
        Ruleset ruleset = flags.ruleset(environmentParam(ctx, flags));
        String etag = "\"" + ruleset.version() + "\"";
        ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "no-cache");
        if (matches(ctx.request().getHeader("If-None-Match"), etag)) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        AdminApi.json(ctx, 200, ruleset);
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** What enable, disable and rollout answer: whether anything changed, the flag now, the state version. */
    private Map<String, Object> outcome(FlagUpdate update) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("changed", update.changed());
        body.put("version", update.changed() ? update.change().version() : flags.version());
        body.put("flag", update.flag());
        return body;
    }

    /** Enable and rollout switch one environment: named, or the only one configured. */
    private String environmentToChange(String environment) {
        if (environment != null) {
            return environment;
        }
        if (flags.environments().size() > 1) {
            throw new ApiError(400, "environment: missing; name one of " + String.join(", ", flags.environments())
                    + " (enable and rollout change one environment at a time)", "environment", null);
        }
        return flags.defaultEnvironment();
    }

    private static Long ifMatch(RoutingContext ctx) {
        String header = ctx.request().getHeader("If-Match");
        if (header == null) {
            return null;
        }
        String tag = header.strip().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw ApiError.badField("If-Match", header, "is not a flag version (the number GET returned as its ETag)");
        }
    }

    static Actor actor(RoutingContext ctx, String reason) {
        return new Actor(AdminApi.who(ctx), reason);
    }

    private static void respondWithFlag(RoutingContext ctx, int status, Flag flag) {
        ctx.response().putHeader("ETag", "\"" + flag.version() + "\"");
        AdminApi.json(ctx, status, flag);
    }
}
