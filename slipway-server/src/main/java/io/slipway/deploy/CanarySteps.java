package io.slipway.deploy;

import io.slipway.analysis.Analysis;
import io.slipway.analysis.AnalysisRun;
import io.slipway.analysis.Measurement;
import io.slipway.analysis.MetricException;
import io.slipway.config.CanaryStep;
import io.slipway.config.RolloutConfig;
import io.slipway.gateway.Slot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The actions of the steps a canary adds to blue-green: smoke tests before any traffic, then weights,
 * pauses, analyses, mirroring and shadowing, each persisted as its {@link CanaryStep#label()}.
 */
final class CanarySteps {
    static final String SMOKE = "smoke";
    static final String CANDIDATE_SLOT = "candidate";
    private static final String SMOKE_KEY = "smoke.run";
    private static final String SMOKE_PUBLISH_KEY = "smoke.publish";

    private CanarySteps() {
    }

    /**
     * The candidate joins the routing table at weight 0 (so the preview route reaches it and nobody
     * else does), the gateway's health checks must find it healthy, then the smoke tests run.
     */
    static Outcome smoke(DeployContext ctx) {
        if (ctx.app.rollout().smoke().isEmpty()) {
            return Outcome.done("no smoke tests configured");
        }
        Outcome previewable = previewable(ctx);
        if (previewable != null) {
            return previewable;
        }
        CompletableFuture<Smoke.Result> run = ctx.track(SMOKE_KEY, () -> ctx.smoke.run(ctx.app, ctx.version()));
        if (!run.isDone()) {
            return Outcome.waiting("running " + ctx.app.rollout().smoke().size() + " smoke test(s) against "
                    + ctx.version() + " through the preview route");
        }
        ctx.scratch.remove(SMOKE_KEY);
        Smoke.Result result = run.handle((r, e) -> e != null ? new Smoke.Result(false, "smoke tests could not run: "
                + e.getMessage(), List.of()) : r).join();
        result.lines().forEach(ctx::event);
        return result.passed() ? Outcome.done(result.summary()) : Outcome.abort(result.summary());
    }

    /** Null once the candidate is in the table at weight 0 and routable, else what is awaited. */
    private static Outcome previewable(DeployContext ctx) {
        if (candidateSlot(ctx).isEmpty()) {
            List<Slot> slots = new java.util.ArrayList<>(ctx.router.current(ctx.app.name()));
            slots.removeIf(s -> s.name().equals(CANDIDATE_SLOT));
            slots.add(new Slot(CANDIDATE_SLOT, ctx.version(), ctx.processes.endpoints(ctx.app.name(), ctx.version()), 0));
            CompletableFuture<Long> publish = ctx.track(SMOKE_PUBLISH_KEY, () -> ctx.router.publish(ctx.app.name(), slots));
            if (!publish.isDone()) {
                return Outcome.waiting("adding " + ctx.version() + " to the routing table at 0 % for the smoke tests");
            }
            ctx.scratch.remove(SMOKE_PUBLISH_KEY);
            if (publish.isCompletedExceptionally()) {
                return Outcome.waiting("adding " + ctx.version() + " to the routing table failed, retrying");
            }
        }
        if (!ctx.router.routable(ctx.app.name(), ctx.processes.endpoints(ctx.app.name(), ctx.version()))) {
            return ctx.elapsed().compareTo(ctx.app.readyTimeout()) < 0
                    ? Outcome.waiting("waiting for the gateway's health checks to find " + ctx.version() + " healthy")
                    : Outcome.abort("the gateway did not find " + ctx.version() + " healthy within readyTimeout "
                    + Steps.millis(ctx.app.readyTimeout()) + "; smoke tests not run");
        }
        return null;
    }

    static Outcome run(DeployContext ctx, CanaryStep step) {
        return switch (step.kind()) {
            case SET_WEIGHT -> publish(ctx, step.percent(), mirror(ctx),
                    ctx.version() + " at " + step.percent() + " % of traffic");
            case MIRROR -> publish(ctx, weight(ctx), step.percent(), step.percent() + " % of " + ctx.previous()
                    + "'s requests copied to " + ctx.version());
            case SHADOW -> publish(ctx, 0, step.percent(), ctx.version() + " in shadow: " + step.percent()
                    + " % of requests copied to it, its answers compared with " + ctx.previous() + "'s and discarded");
            case PAUSE -> pause(ctx, step);
            case ANALYSIS -> analysis(ctx, step.template());
        };
    }

    /** Publishes stable at {@code 100 - weight} and the candidate at {@code weight}, mirroring {@code mirror} %. */
    private static Outcome publish(DeployContext ctx, int weight, int mirror, String what) {
        String key = "publish." + ctx.step.index();
        CompletableFuture<Long> publish = ctx.track(key, () -> ctx.router.publish(ctx.app.name(), List.of(
                new Slot(Steps.STABLE_SLOT, ctx.previous(), ctx.processes.endpoints(ctx.app.name(), ctx.previous()),
                        100 - weight),
                new Slot(CANDIDATE_SLOT, ctx.version(), ctx.processes.endpoints(ctx.app.name(), ctx.version()),
                        weight, mirror))));
        if (!publish.isDone()) {
            return Outcome.waiting("waiting for the gateway to serve: " + what);
        }
        ctx.scratch.remove(key);
        if (publish.isCompletedExceptionally()) {
            return Outcome.waiting("publishing the routing table failed, retrying: "
                    + publish.handle((g, e) -> e.getMessage()).join());
        }
        return Outcome.done(what + " (routing generation " + publish.join() + ")");
    }

    private static int weight(DeployContext ctx) {
        return candidateSlot(ctx).map(Slot::weight).orElse(0);
    }

    private static int mirror(DeployContext ctx) {
        return candidateSlot(ctx).map(Slot::mirror).orElse(0);
    }

    private static Optional<Slot> candidateSlot(DeployContext ctx) {
        return ctx.router.current(ctx.app.name()).stream().filter(s -> s.version().equals(ctx.version())).findFirst();
    }

    private static Outcome pause(DeployContext ctx, CanaryStep step) {
        if (step.duration() == null) {
            return Outcome.pause("paused until promoted: slipway promote " + ctx.app.name());
        }
        Instant until = ctx.step.startedAt() == null ? ctx.clock.instant().plus(step.duration())
                : ctx.step.startedAt().plus(step.duration());
        if (!ctx.clock.instant().isBefore(until)) {
            return Outcome.done("paused " + Steps.millis(step.duration()));
        }
        return Outcome.waiting("pausing until " + until.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * One run per interval, each over the interval's traffic, until the analysis completes. Its state
     * lives in the scratch map: after a restart the analysis starts over (a run older than the
     * restart says nothing about the candidate's traffic since).
     */
    private static Outcome analysis(DeployContext ctx, String name) {
        RolloutConfig.Template template = ctx.app.rollout().templates().get(name);
        if (template == null) {
            return Outcome.rollback("analysis template " + name + " is no longer in slipway.yaml");
        }
        String key = "analysis." + ctx.step.index();
        Instant now = ctx.clock.instant();
        if (!ctx.scratch.containsKey(key)) {
            baseline(ctx);
        }
        Analysis analysis = (Analysis) ctx.scratch.computeIfAbsent(key, k -> template.analysis().start(now));
        Instant due = (analysis.lastRun() == null ? analysis.startedAt() : analysis.lastRun().at())
                .plus(template.interval());
        if (now.isBefore(due)) {
            return Outcome.waiting("analysis " + name + ": run " + (analysis.measured() + 1) + " of "
                    + analysis.limits().count() + " at " + due.truncatedTo(ChronoUnit.SECONDS) + " over the last "
                    + Steps.millis(template.interval()) + (analysis.lastRun() == null ? ""
                    : "; last run " + analysis.lastRun().phase() + ": " + analysis.lastRun().message()));
        }
        AnalysisRun run = measure(ctx, template, now);
        analysis = analysis.record(run);
        ctx.scratch.put(key, analysis);
        ctx.deployments.analysis(ctx.deployment.id(), new AnalysisRecord(ctx.step.index(), "analysis " + name,
                run.at(), run.phase(), run.message(), run.checks()));
        ctx.event("analysis " + name + " run " + (analysis.measured() + analysis.errors()) + ": " + run.phase()
                + " - " + run.message());
        return judged(ctx, name, analysis);
    }

    /** First readings of both versions; a failure here shows again, as an ERROR run, when the run measures. */
    private static void baseline(DeployContext ctx) {
        try {
            ctx.analyzer.baseline(ctx.app, ctx.version());
            ctx.analyzer.baseline(ctx.app, ctx.previous());
        } catch (MetricException e) {
            ctx.event("analysis baseline not taken: " + e.getMessage());
        }
    }

    private static AnalysisRun measure(DeployContext ctx, RolloutConfig.Template template, Instant now) {
        try {
            Measurement candidate = ctx.analyzer.measure(ctx.app, ctx.version(), template.interval());
            Measurement stable = ctx.analyzer.measure(ctx.app, ctx.previous(), template.interval());
            return template.analysis().run(now, candidate, stable);
        } catch (MetricException e) {
            return AnalysisRun.error(now, e.getMessage());
        }
    }

    private static Outcome judged(DeployContext ctx, String name, Analysis analysis) {
        String verdict = "analysis " + name + " " + analysis.phase() + " (" + analysis.message() + "): "
                + analysis.lastRun().message();
        return switch (analysis.phase()) {
            case RUNNING -> Outcome.waiting("analysis " + name + ": " + analysis.message());
            case SUCCESSFUL -> Outcome.done("analysis " + name + " SUCCESSFUL (" + analysis.message() + ")");
            case INCONCLUSIVE -> {
                ctx.scratch.remove("analysis." + ctx.step.index());
                yield Outcome.pause(verdict + "; slipway promote " + ctx.app.name() + " to go on, resume to analyse"
                        + " again, abort to roll back");
            }
            case FAILED, ERROR -> Outcome.rollback(verdict);
        };
    }
}
