package io.slipway.deploy;

import io.slipway.config.AppConfig;
import io.slipway.store.AppRepository;
import io.slipway.store.DeploymentRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Everything a step may use while it runs for one deployment: the record, the app's config, the
 * edge interfaces and a scratch map for in-memory progress (lost on restart, which steps allow
 * for by being idempotent).
 */
final class DeployContext {
    final Deployment deployment;
    final Step step;
    final AppConfig app;
    final Processes processes;
    final Router router;
    final ReadinessProbe probe;
    final AppRepository apps;
    final DeploymentRepository deployments;
    final Clock clock;
    final Analyzer analyzer;
    final Smoke smoke;
    final Schema schema;
    final Map<String, Object> scratch;
    private final Runnable wake;

    DeployContext(Deployment deployment, Step step, AppConfig app, Edges edges, Map<String, Object> scratch,
                  Runnable wake) {
        this.deployment = deployment;
        this.step = step;
        this.app = app;
        this.processes = edges.processes();
        this.router = edges.router();
        this.probe = edges.probe();
        this.apps = edges.apps();
        this.deployments = edges.deployments();
        this.clock = edges.clock();
        this.analyzer = edges.analyzer();
        this.smoke = edges.smoke();
        this.schema = edges.schema();
        this.scratch = scratch;
        this.wake = wake;
    }

    /**
     * Keeps {@code work} in the scratch map under {@code key} and runs the orchestrator again as
     * soon as it completes, rather than at the next tick: a rollback's switch is then as fast as
     * the gateway confirms it.
     */
    <T> CompletableFuture<T> track(String key, Supplier<CompletableFuture<T>> work) {
        @SuppressWarnings("unchecked")
        CompletableFuture<T> tracked = (CompletableFuture<T>) scratch.get(key);
        if (tracked == null) {
            tracked = work.get();
            scratch.put(key, tracked);
            tracked.whenComplete((result, error) -> wake.run());
        }
        return tracked;
    }

    /** The edges a deployment works through; one set per orchestrator. */
    record Edges(Processes processes, Router router, ReadinessProbe probe, AppRepository apps,
                 DeploymentRepository deployments, Clock clock, Analyzer analyzer, Smoke smoke, Schema schema) {
    }

    String version() {
        return deployment.version();
    }

    String previous() {
        return deployment.previousVersion();
    }

    /** Time since this step first started, across restarts (the start time is persisted). */
    Duration elapsed() {
        Instant started = step.startedAt() != null ? step.startedAt() : clock.instant();
        return Duration.between(started, clock.instant());
    }

    void event(String message) {
        deployments.event(deployment.id(), message);
    }
}
