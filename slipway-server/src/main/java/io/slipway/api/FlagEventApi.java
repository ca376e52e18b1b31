package io.slipway.api;

import io.slipway.analysis.ExperimentReport;
import io.slipway.config.Durations;
import io.slipway.flags.EventBatch;
import io.slipway.flags.Flag;
import io.slipway.flags.FlagReports;
import io.slipway.flags.Flags;
import io.slipway.store.FlagEventRepository;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What SDKs report and what is made of it: {@code POST /api/v1/flags/events} (exposures, metrics and
 * hybrid-mode experiments, batched), {@code GET /api/v1/flags/{key}/report} (the A/B/n report) and
 * {@code GET /api/v1/experiments} (hybrid-mode comparisons).
 */
final class FlagEventApi {
    static final String EVENTS = "/api/v1/flags/events";
    /** An SDK batch lists up to 1000 units per entry: far above the admin API's 64 KB. */
    static final int MAX_EVENTS_BODY = 8 * 1024 * 1024;
    private final Flags flags;
    private final Consumer<EventBatch> recorder;
    private final FlagEventRepository events;
    private final FlagReports reports;
    private final Clock clock;

    private FlagEventApi(Flags flags, Consumer<EventBatch> recorder, FlagEventRepository events, Clock clock) {
        this.flags = flags;
        this.recorder = recorder;
        this.events = events;
        this.reports = new FlagReports(events, clock);
        this.clock = clock;
    }

    /** The events route's own body limit; mount before the API's general body handler. */
    static void bodyLimit(Router r) {
        r.post(EVENTS).handler(BodyHandler.create().setBodyLimit(MAX_EVENTS_BODY));
    }

    /** @param recorder stores a batch (and tells the metrics of new experiments) */
    static void mount(Router r, Flags flags, Consumer<EventBatch> recorder, FlagEventRepository events, Clock clock) {
        FlagEventApi api = new FlagEventApi(flags, recorder, events, clock);
        r.post(EVENTS).blockingHandler(FlagApi.guard(api::record));
        r.get("/api/v1/flags/:key/report").blockingHandler(FlagApi.guard(api::report));
        r.get("/api/v1/experiments").blockingHandler(FlagApi.guard(api::experiments));
    }

    private void record(RoutingContext ctx) {
        EventBatch batch = FlagBodies.bind(Payloads.object(ctx.body().asString()), EventBatch.class);
        flags.environment(batch.environment());
        recorder.accept(batch);
        AdminApi.json(ctx, 202, Map.of("accepted", batch.exposures().size() + batch.metrics().size()
                + batch.experiments().size()));
    }

    /**
     * {@code ?environment=&control=&conversion=&metric=&goal=increase|decrease&over=7d&confidence=0.95&by=variant|side}.
     * The control defaults to the flag's first variant; a flag without variants compares its "on" side
     * with its "off" side.
     */
    private void report(RoutingContext ctx) {
        Flag flag = flags.get(ctx.pathParam("key"));
        boolean bySide = "side".equals(ctx.queryParams().get("by")) || flag.variants().isEmpty();
        String control = ctx.queryParams().get("control");
        if (control == null) {
            control = bySide ? "off" : flag.variants().get(0).name();
        }
        FlagReports.Query query = new FlagReports.Query(flag.key(), FlagApi.environmentParam(ctx, flags), control,
                ctx.queryParams().get("conversion"), ctx.queryParams().get("metric"), goal(ctx),
                duration(ctx, "over", Duration.ofDays(7)), confidence(ctx), bySide);
        try {
            AdminApi.json(ctx, 200, reports.report(query));
        } catch (IllegalArgumentException e) {
            throw new ApiError(409, e.getMessage(), "control", query.control());
        }
    }

    private void experiments(RoutingContext ctx) {
        Duration over = duration(ctx, "over", Duration.ofHours(1));
        List<Map<String, Object>> out = events.experiments(clock.instant().minus(over)).stream()
                .map(FlagEventApi::experiment).toList();
        AdminApi.json(ctx, 200, Map.of("over", Durations.format(over), "experiments", out));
    }

    static Map<String, Object> experiment(FlagEventRepository.ExperimentTotals t) {
        EventBatch.ExperimentResult r = t.result();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", r.name());
        body.put("environment", t.environment());
        body.put("flag", r.flag());
        body.put("runs", r.runs());
        body.put("mismatches", r.mismatches());
        body.put("mismatchRate", r.runs() == 0 ? 0 : (double) r.mismatches() / r.runs());
        body.put("controlErrors", r.controlErrors());
        body.put("candidateErrors", r.candidateErrors());
        body.put("candidateUsed", r.candidateUsed());
        body.put("controlMeanMs", r.controlMs().mean());
        body.put("candidateMeanMs", r.candidateMs().mean());
        return body;
    }

    private static ExperimentReport.Goal goal(RoutingContext ctx) {
        String goal = ctx.queryParams().get("goal");
        if (goal == null || goal.equals("increase")) {
            return ExperimentReport.Goal.INCREASE;
        }
        if (goal.equals("decrease")) {
            return ExperimentReport.Goal.DECREASE;
        }
        throw ApiError.badField("goal", goal, "must be increase or decrease");
    }

    private static Duration duration(RoutingContext ctx, String name, Duration fallback) {
        String raw = ctx.queryParams().get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            Duration d = Durations.parse(raw);
            if (!d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiError.badField(name, raw, "is not a positive duration (e.g. 1h, 7d)");
    }

    private static double confidence(RoutingContext ctx) {
        String raw = ctx.queryParams().get("confidence");
        if (raw == null) {
            return ExperimentReport.DEFAULT_CONFIDENCE;
        }
        try {
            double c = Double.parseDouble(raw);
            if (c > 0.5 && c < 1) {
                return c;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badField("confidence", raw, "must be a number in (0.5, 1), e.g. 0.95");
    }
}
