package io.slipway.deploy;

import io.slipway.config.AppConfig;
import io.slipway.config.SlipwayConfig;
import io.slipway.store.AppRepository;
import io.slipway.store.DeploymentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Moves deployments through their steps and ends them: each tick runs the current step of every
 * active deployment (and the following ones while they finish at once), and a deployment ends
 * SUCCEEDED, FAILED, or ROLLED_BACK, the last by starting the rollback deployment that puts the
 * previous version back. The {@link RolloutGuard} is consulted before every step and each step's
 * in-memory scratch is kept here. Not thread-safe: the {@link Orchestrator} calls it only on its
 * loop thread, from a tick or from a command (deploy, resume and promote advance a deployment;
 * rollback and abort end one or start a rollback deployment).
 */
final class Rollouts {
    // The Orchestrator's logger: these events were always logged under that name, and log
    // configurations and readers of the log filter on it.
    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

    private final SlipwayConfig config;
    private final DeployContext.Edges edges;
    private final DeploymentRepository deployments;
    private final AppRepository apps;
    private final RolloutGuard guard;
    private final Runnable wake;
    private final Map<Long, Map<String, Object>> scratch = new HashMap<>();

    /** {@code wake} runs a tick on the loop thread as soon as possible (a step's work completed). */
    Rollouts(SlipwayConfig config, DeployContext.Edges edges, RolloutGuard guard, Runnable wake) {
        this.config = config;
        this.edges = edges;
        this.deployments = edges.deployments();
        this.apps = edges.apps();
        this.guard = guard;
        this.wake = wake;
    }

    /** One pass over the active deployments; a failure is logged, and the next tick tries again. */
    void tick() {
        try {
            for (Deployment d : deployments.active()) {
                advance(d);
            }
        } catch (RuntimeException e) {
            log.error("event=orchestrator-tick-failed error=\"{}\"", e.getMessage(), e);
        }
    }

    /** Runs the current step, and the following ones while they finish at once. */
    void advance(Deployment deployment) {
        Deployment d = deployment;
        AppConfig app = config.app(d.app());
        if (app == null) {
            abort(d, d.currentStep(), "app " + d.app() + " is no longer in slipway.yaml", Deployment.State.FAILED);
            return;
        }
        while (d.step(d.currentStep()).isPresent()) {
            Optional<String> breach = guard.check(d, app);
            if (breach.isPresent()) {
                rollBack(d, d.currentStep(), breach.get(), "guard", Deployment.State.FAILED);
                return;
            }
            if (d.paused() != null) {
                return;
            }
            Step step = d.step(d.currentStep()).get();
            if (step.state() == Step.State.PENDING) {
                deployments.updateStep(d.id(), step.index(), Step.State.RUNNING, null);
                d = reload(d);
                step = d.step(d.currentStep()).get();
            }
            Outcome outcome = run(d, step, app);
            if (outcome.kind() == Outcome.Kind.WAIT) {
                if (!outcome.detail().equals(step.detail())) {
                    deployments.updateStep(d.id(), step.index(), Step.State.RUNNING, outcome.detail());
                }
                return;
            }
            if (outcome.kind() == Outcome.Kind.ABORT) {
                abort(d, step.index(), outcome.detail(), Deployment.State.FAILED);
                return;
            }
            if (outcome.kind() == Outcome.Kind.ROLLBACK) {
                rollBack(d, step.index(), outcome.detail(), "analysis", Deployment.State.FAILED);
                return;
            }
            if (outcome.kind() == Outcome.Kind.PAUSE) {
                paused(d, step, outcome.detail());
                return;
            }
            complete(d, step, outcome.detail());
            d = reload(d);
        }
        scratch.remove(d.id());
    }

    /** Drops the in-memory progress of {@code deploymentId}'s current step (promote starts the next one afresh). */
    void forgetScratch(long deploymentId) {
        scratch.remove(deploymentId);
    }

    private void paused(Deployment d, Step step, String why) {
        deployments.updateStep(d.id(), step.index(), Step.State.RUNNING, why);
        deployments.pause(d.id(), why);
        deployments.event(d.id(), "paused: " + why);
        log.info("event=deployment-paused deployment={} app={} reason=\"{}\"", d.id(), d.app(), why);
    }

    private Outcome run(Deployment d, Step step, AppConfig app) {
        DeployContext ctx = new DeployContext(d, step, app, edges, scratch.computeIfAbsent(d.id(), k -> new HashMap<>()),
                wake);
        try {
            return Strategies.action(step.name()).run(ctx);
        } catch (RuntimeException e) {
            log.warn("event=step-failed deployment={} step={} error=\"{}\"", d.id(), step.name(), e.getMessage(), e);
            return Outcome.abort(step.name() + " failed: " + e.getMessage());
        }
    }

    private void complete(Deployment d, Step step, String detail) {
        deployments.updateStep(d.id(), step.index(), Step.State.DONE, detail);
        deployments.event(d.id(), detail);
        deployments.moveTo(d.id(), step.index() + 1);
        if (step.name().equals(Strategies.DRAIN) && reload(d).state() == Deployment.State.RUNNING) {
            deployments.finish(d.id(), Deployment.State.SUCCEEDED, null);
            deployments.event(d.id(), d.version() + " is stable; deployment succeeded");
            log.info("event=deployment-succeeded deployment={} app={} version={}", d.id(), d.app(), d.version());
            if (d.strategy() == Deployment.Strategy.ROLLBACK) {
                markRolledBack(d);
            }
        }
    }

    private void markRolledBack(Deployment rollback) {
        deployments.list(rollback.app(), 50).stream()
                .filter(x -> x.id() != rollback.id() && x.version().equals(rollback.previousVersion())
                        && x.state() == Deployment.State.SUCCEEDED)
                .findFirst()
                .ifPresent(x -> {
                    deployments.finish(x.id(), Deployment.State.ROLLED_BACK,
                            "rolled back to " + rollback.version() + " by deployment #" + rollback.id());
                    deployments.event(x.id(), "rolled back to " + rollback.version() + " by deployment #"
                            + rollback.id());
                });
    }

    /**
     * Ends {@code d} because of {@code reason}. A candidate that never had traffic is simply stopped
     * and the deployment ends {@code unexposed} (FAILED when a check judged it, ROLLED_BACK when a
     * person asked); one that had (a canary weight, mirrored requests, or the switch) is ROLLED_BACK:
     * a rollback deployment puts the previous version back at 100 %, then drains and stops it.
     */
    void rollBack(Deployment d, int stepIndex, String reason, String by, Deployment.State unexposed) {
        guard.forget(d.id());
        if (!exposed(d)) {
            abort(d, stepIndex, unexposed == Deployment.State.ROLLED_BACK ? reason + " before traffic moved" : reason,
                    unexposed);
            return;
        }
        Deployment current = reload(d);
        if (current.state() == Deployment.State.RUNNING) {
            markFailed(current, stepIndex, reason, !switched(current));
        }
        deployments.finish(d.id(), Deployment.State.ROLLED_BACK, reason);
        deployments.event(d.id(), "rolling back to " + d.previousVersion() + ": " + reason);
        log.warn("event=deployment-rolled-back deployment={} app={} version={} reason=\"{}\"", d.id(), d.app(),
                d.version(), reason);
        startRollback(config.app(d.app()), d.previousVersion(), d.version(), by,
                "rolling " + d.app() + " back from " + d.version() + " to " + d.previousVersion()
                        + " (deployment #" + d.id() + "): " + reason);
    }

    /** The rollback deployment: the target takes 100 % in one routing swap, the version left is drained and stopped. */
    Deployment startRollback(AppConfig app, String target, String from, String requestedBy, String why) {
        Deployment d = deployments.create(app.name(), target, from, Deployment.Strategy.ROLLBACK, requestedBy,
                Strategies.steps(Deployment.Strategy.ROLLBACK, app));
        deployments.event(d.id(), why);
        log.info("event=rollback deployment={} app={} from={} to={} by={}", d.id(), app.name(), from, target,
                requestedBy);
        advance(d);
        return reload(d);
    }

    /**
     * Whether the candidate of {@code d} served any request: it has a weight or mirrored requests in
     * the routing table, or took over (at weight 0 it only answered previews, e.g. smoke tests).
     */
    private boolean exposed(Deployment d) {
        return switched(d) || edges.router().current(d.app()).stream()
                .anyMatch(s -> s.version().equals(d.version()) && (s.weight() > 0 || s.mirror() > 0));
    }

    /** Ends a deployment before its switch, or records a failed later step. */
    private void abort(Deployment d, int stepIndex, String reason, Deployment.State outcome) {
        Deployment current = reload(d);
        markFailed(current, stepIndex, reason, true);
        if (current.state() != Deployment.State.RUNNING) {
            log.warn("event=late-step-failed deployment={} reason=\"{}\"", d.id(), reason);
            return;
        }
        deployments.finish(d.id(), outcome, reason);
        SchemaSteps.afterAbort(current, deployments);
        log.warn("event=deployment-{} deployment={} app={} version={} reason=\"{}\"", outcome.name().toLowerCase(),
                d.id(), d.app(), d.version(), reason);
        stopUnlessServing(d);
    }

    /** Marks step {@code stepIndex} FAILED and, with {@code skipRest}, the unfinished ones after it SKIPPED. */
    private void markFailed(Deployment current, int stepIndex, String reason, boolean skipRest) {
        long id = current.id();
        deployments.updateStep(id, stepIndex, Step.State.FAILED, reason);
        for (Step s : current.steps()) {
            if (skipRest && s.index() > stepIndex && !s.state().finished()) {
                deployments.updateStep(id, s.index(), Step.State.SKIPPED, "skipped: " + stepName(current, stepIndex)
                        + " failed");
            }
        }
        if (skipRest) {
            deployments.moveTo(id, current.steps().size());
        } else {
            deployments.moveTo(id, stepIndex + 1);
        }
        scratch.remove(id);
        deployments.pause(id, null);
        deployments.event(id, "step " + stepName(current, stepIndex) + " failed: " + reason);
    }

    private void stopUnlessServing(Deployment d) {
        String stable = apps.find(d.app()).map(AppRepository.AppState::stableVersion).orElse(null);
        AppConfig app = config.app(d.app());
        if (app == null || d.version().equals(stable)) {
            return;
        }
        apps.versionState(d.app(), d.version(), "FAILED");
        java.util.List<io.slipway.gateway.Slot> current = edges.router().current(d.app());
        java.util.List<io.slipway.gateway.Slot> kept = current.stream().filter(s -> !s.version().equals(d.version()))
                .toList();
        if (kept.size() != current.size()) {
            edges.router().publish(d.app(), kept); // the 0 % slot its smoke tests used; confirmation not needed
        }
        deployments.event(d.id(), "stopping " + d.version() + "; " + (stable == null ? "no version" : stable)
                + " keeps 100 % of traffic");
        edges.processes().stop(app, d.version()).whenComplete((v, e) -> {
            if (e != null) {
                log.error("event=stop-failed app={} version={} error=\"{}\"", d.app(), d.version(), e.getMessage());
            }
        });
    }

    /** The name of step {@code index} of {@code d}, or "?" past its last. */
    static String stepName(Deployment d, int index) {
        return d.step(index).map(Step::name).orElse("?");
    }

    /** Whether {@code d}'s switch is done: its candidate took 100 % of traffic. */
    static boolean switched(Deployment d) {
        return d.steps().stream().anyMatch(s -> s.name().equals(Strategies.SWITCH) && s.state() == Step.State.DONE);
    }

    private Deployment reload(Deployment d) {
        return deployments.find(d.id()).orElseThrow();
    }
}
