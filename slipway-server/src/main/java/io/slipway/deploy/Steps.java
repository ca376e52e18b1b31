package io.slipway.deploy;

import io.slipway.config.HealthConfig;
import io.slipway.gateway.Slot;
import io.slipway.gateway.Upstream;
import io.slipway.store.AppRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** The actions behind the step names of {@link Strategies}; each idempotent and non-blocking. */
final class Steps {
    static final String STABLE_SLOT = "stable";
    static final String PREVIOUS_SLOT = "previous";
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private Steps() {
    }

    static Outcome start(DeployContext ctx) {
        List<Upstream> upstreams = ctx.processes.start(ctx.app, ctx.version());
        if (!isStable(ctx, ctx.version())) {
            ctx.apps.versionState(ctx.app.name(), ctx.version(), "CANDIDATE");
        }
        return Outcome.done("started " + ctx.version() + ": " + upstreams.size() + " instance(s) on "
                + describe(upstreams));
    }

    static Outcome ready(DeployContext ctx) {
        Processes.Health health = ctx.processes.health(ctx.app.name(), ctx.version());
        if (health.failed()) {
            return Outcome.abort(ctx.version() + " failed before it was ready: " + health.reason());
        }
        List<Upstream> upstreams = ctx.processes.endpoints(ctx.app.name(), ctx.version());
        HealthConfig check = ctx.app.health();
        List<String> waiting = ctx.probe.waiting(upstreams, check);
        String progress = (upstreams.size() - waiting.size()) + "/" + upstreams.size() + " instance(s) ready on "
                + check.readyPath();
        if (!upstreams.isEmpty() && waiting.isEmpty()) {
            return Outcome.done(progress + " after " + millis(ctx.elapsed()));
        }
        if (ctx.elapsed().compareTo(ctx.app.readyTimeout()) >= 0) {
            return Outcome.abort(ctx.version() + " not ready within readyTimeout " + ctx.app.readyTimeout().toSeconds()
                    + "s: " + progress + "; " + String.join("; ", waiting) + " (process: " + health.kind()
                    + (health.reason() == null ? "" : ", " + health.reason()) + ")");
        }
        return Outcome.waiting(progress);
    }

    static Outcome switchTraffic(DeployContext ctx) {
        CompletableFuture<Long> publish = ctx.track(SWITCH_KEY,
                () -> ctx.router.publish(ctx.app.name(), switchedTable(ctx)));
        if (!publish.isDone()) {
            return ctx.elapsed().compareTo(PUBLISH_TIMEOUT) < 0
                    ? Outcome.waiting("waiting for the gateway to serve the new routing table")
                    : Outcome.abort("the gateway did not confirm the new routing table within "
                    + PUBLISH_TIMEOUT.toSeconds() + "s; traffic stays on " + ctx.previous());
        }
        ctx.scratch.remove(SWITCH_KEY);
        long generation;
        try {
            generation = publish.join();
        } catch (RuntimeException e) {
            return Outcome.waiting("publishing the routing table failed, retrying: " + e.getMessage());
        }
        ctx.apps.save(ctx.app.name(), ctx.version(), ctx.previous());
        ctx.apps.versionState(ctx.app.name(), ctx.version(), "STABLE");
        if (ctx.previous() != null) {
            ctx.apps.versionState(ctx.app.name(), ctx.previous(), "PREVIOUS");
        }
        return Outcome.done("traffic switched to " + ctx.version() + " (routing generation " + generation + ")"
                + (ctx.previous() == null ? "" : "; " + ctx.previous() + " at 0 %, still running"));
    }

    private static final String SWITCH_KEY = "switch.publish";
    private static final String RETIRE_ROUTES_KEY = "retire.publish";
    private static final String RETIRE_STOP_KEY = "retire.stop";

    private static List<Slot> switchedTable(DeployContext ctx) {
        List<Slot> slots = new ArrayList<>();
        slots.add(new Slot(STABLE_SLOT, ctx.version(), ctx.processes.endpoints(ctx.app.name(), ctx.version()), 100));
        if (ctx.previous() != null) {
            List<Upstream> previous = ctx.processes.endpoints(ctx.app.name(), ctx.previous());
            if (!previous.isEmpty()) {
                slots.add(new Slot(PREVIOUS_SLOT, ctx.previous(), previous, 0));
            }
        }
        return slots;
    }

    static Outcome drain(DeployContext ctx) {
        if (ctx.previous() == null) {
            return Outcome.done("nothing to drain: first version of " + ctx.app.name());
        }
        int inFlight = ctx.router.inFlight(ctx.app.name(), ctx.previous());
        if (inFlight == 0) {
            return Outcome.done(ctx.previous() + " drained: 0 requests in flight after " + millis(ctx.elapsed()));
        }
        if (ctx.elapsed().compareTo(ctx.app.drain()) >= 0) {
            return Outcome.done("drain timeout " + millis(ctx.app.drain()) + " reached with "
                    + (inFlight < 0 ? "an unknown number of" : String.valueOf(inFlight))
                    + " requests in flight on " + ctx.previous());
        }
        return Outcome.waiting((inFlight < 0 ? "?" : inFlight) + " requests in flight on " + ctx.previous());
    }

    static Outcome keepWarm(DeployContext ctx) {
        if (ctx.previous() == null) {
            return Outcome.done("no previous version to keep warm");
        }
        String stable = stableVersion(ctx);
        if (!ctx.version().equals(stable)) {
            return Outcome.done("cut short: " + stable + " took over traffic");
        }
        Instant until = ctx.step.startedAt() == null ? ctx.clock.instant().plus(ctx.app.scaleDownDelay())
                : ctx.step.startedAt().plus(ctx.app.scaleDownDelay());
        if (!ctx.clock.instant().isBefore(until)) {
            return Outcome.done(ctx.previous() + " kept warm for " + ctx.app.scaleDownDelay().toSeconds() + "s");
        }
        return Outcome.waiting(ctx.previous() + " kept warm for instant rollback until "
                + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    static Outcome retire(DeployContext ctx) {
        String old = ctx.previous();
        if (old == null) {
            return Outcome.done("no previous version to stop");
        }
        if (old.equals(stableVersion(ctx))) {
            return Outcome.done(old + " serves traffic again; not stopped");
        }
        Outcome routes = dropFromRoutes(ctx, old);
        if (routes != null) {
            return routes;
        }
        CompletableFuture<Void> stop = ctx.track(RETIRE_STOP_KEY, () -> ctx.processes.stop(ctx.app, old));
        if (!stop.isDone()) {
            return Outcome.waiting("stopping " + old);
        }
        ctx.scratch.remove(RETIRE_STOP_KEY);
        if (stop.isCompletedExceptionally()) {
            return Outcome.abort("stopping " + old + " failed: " + stop.handle((v, e) -> e.getMessage()).join());
        }
        ctx.apps.versionState(ctx.app.name(), old, "RETIRED");
        return Outcome.done("stopped " + old + " after " + millis(ctx.elapsed()));
    }

    /** Takes {@code version} out of the routing table first, so the gateway stops probing it. */
    private static Outcome dropFromRoutes(DeployContext ctx, String version) {
        List<Slot> current = ctx.router.current(ctx.app.name());
        List<Slot> kept = current.stream().filter(s -> !s.version().equals(version)).toList();
        if (kept.size() == current.size() && !ctx.scratch.containsKey(RETIRE_ROUTES_KEY)) {
            return null;
        }
        CompletableFuture<Long> publish = ctx.track(RETIRE_ROUTES_KEY, () -> ctx.router.publish(ctx.app.name(), kept));
        if (!publish.isDone()) {
            return Outcome.waiting("removing " + version + " from the routing table");
        }
        ctx.scratch.remove(RETIRE_ROUTES_KEY);
        return publish.isCompletedExceptionally()
                ? Outcome.waiting("removing " + version + " from the routing table failed, retrying") : null;
    }

    private static boolean isStable(DeployContext ctx, String version) {
        return version.equals(stableVersion(ctx));
    }

    private static String stableVersion(DeployContext ctx) {
        return ctx.apps.find(ctx.app.name()).map(AppRepository.AppState::stableVersion).orElse(null);
    }

    static String describe(List<Upstream> upstreams) {
        return upstreams.stream().map(u -> u.host() + ":" + u.port()).collect(Collectors.joining(", "));
    }

    static String millis(Duration d) {
        return d.toMillis() < 10_000 ? d.toMillis() + "ms" : String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
