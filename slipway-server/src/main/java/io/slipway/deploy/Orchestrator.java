package io.slipway.deploy;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.slipway.config.AppConfig;
import io.slipway.config.SlipwayConfig;
import io.slipway.store.AppRepository;
import io.slipway.store.DeploymentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Advances every active deployment one step at a time. All state changes happen on one thread,
 * and every transition is written to the store before the next step runs, so a Slipway killed
 * at any point resumes from the store on restart.
 */
public final class Orchestrator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    private final SlipwayConfig config;
    private final DeployContext.Edges edges;
    private final DeploymentRepository deployments;
    private final AppRepository apps;
    private final Duration tick;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("slipway-orchestrator", true));
    private final Map<Long, Map<String, Object>> scratch = new HashMap<>();

    public Orchestrator(SlipwayConfig config, Processes processes, Router router, AppRepository apps,
                        DeploymentRepository deployments, Clock clock, Duration tick) {
        this.config = config;
        this.apps = apps;
        this.deployments = deployments;
        this.tick = tick;
        this.edges = new DeployContext.Edges(processes, router, new ReadinessProbe(clock, this::wake), apps, deployments,
                clock);
    }

    /** Starts the loop; deployments left active by a previous run are resumed from the store. */
    public void start() {
        for (Deployment d : deployments.active()) {
            log.info("event=resume deployment={} app={} version={} step={}", d.id(), d.app(), d.version(),
                    d.step(d.currentStep()).map(Step::name).orElse("-"));
            deployments.event(d.id(), "resumed after a Slipway restart at step "
                    + d.step(d.currentStep()).map(Step::name).orElse("-"));
        }
        loop.scheduleWithFixedDelay(this::tickSafely, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a blue-green deployment of {@code version}. */
    public Deployment deploy(String app, String version, String requestedBy) {
        return onLoop(() -> {
            AppConfig appConfig = appConfig(app);
            checkVersion(version);
            refuseWhileRunning(app);
            Optional<AppRepository.AppState> state = apps.find(app);
            String stable = state.map(AppRepository.AppState::stableVersion).orElse(null);
            if (version.equals(stable)) {
                throw new DeployException(DeployException.Kind.CONFLICT,
                        app + " " + version + " is already the stable version; nothing to deploy");
            }
            Deployment d = deployments.create(appConfig.name(), version, stable, Deployment.Strategy.BLUE_GREEN,
                    requestedBy, Strategies.steps(Deployment.Strategy.BLUE_GREEN));
            deployments.event(d.id(), requestedBy + " asked to deploy " + version + " (blue-green)"
                    + (stable == null ? "; first version of " + app : "; stable is " + stable));
            log.info("event=deploy deployment={} app={} version={} previous={} by={}", d.id(), app, version, stable,
                    requestedBy);
            advance(d);
            return reload(d);
        });
    }

    /**
     * Sends traffic back to {@code toVersion} (default: the previous version). A deployment that
     * has not switched traffic yet is aborted instead: its candidate never served anyone.
     */
    public Deployment rollback(String app, String toVersion, String requestedBy) {
        return onLoop(() -> {
            AppConfig appConfig = appConfig(app);
            Optional<Deployment> running = runningDeployment(app);
            if (running.isPresent() && !switched(running.get())) {
                Deployment d = running.get();
                abort(d, d.currentStep(), "rolled back by " + requestedBy + " before traffic moved",
                        Deployment.State.ROLLED_BACK);
                return reload(d);
            }
            AppRepository.AppState state = apps.find(app).orElseThrow(() -> new DeployException(
                    DeployException.Kind.CONFLICT, app + " has never been deployed; nothing to roll back"));
            String target = toVersion != null ? toVersion : state.previousVersion();
            if (target == null) {
                throw new DeployException(DeployException.Kind.CONFLICT, app + " has no previous version to roll back"
                        + " to (stable is " + state.stableVersion() + "); name one with --to VERSION");
            }
            checkVersion(target);
            if (target.equals(state.stableVersion())) {
                throw new DeployException(DeployException.Kind.CONFLICT,
                        app + " " + target + " is already the stable version");
            }
            running.ifPresent(r -> deployments.finish(r.id(), Deployment.State.ROLLED_BACK,
                    "rolled back to " + target + " by " + requestedBy));
            Deployment d = deployments.create(appConfig.name(), target, state.stableVersion(),
                    Deployment.Strategy.ROLLBACK, requestedBy, Strategies.steps(Deployment.Strategy.ROLLBACK));
            deployments.event(d.id(), requestedBy + " asked to roll " + app + " back from " + state.stableVersion()
                    + " to " + target);
            log.info("event=rollback deployment={} app={} from={} to={} by={}", d.id(), app, state.stableVersion(),
                    target, requestedBy);
            advance(d);
            return reload(d);
        });
    }

    /** Runs one pass over the active deployments now (tests and the API use it to avoid waiting a tick). */
    public void wake() {
        try {
            loop.execute(this::tickSafely);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the next start resumes from the store
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tickSafely() {
        try {
            for (Deployment d : deployments.active()) {
                advance(d);
            }
        } catch (RuntimeException e) {
            log.error("event=orchestrator-tick-failed error=\"{}\"", e.getMessage(), e);
        }
    }

    /** Runs the current step, and the following ones while they finish at once. */
    private void advance(Deployment deployment) {
        Deployment d = deployment;
        AppConfig app = config.app(d.app());
        if (app == null) {
            abort(d, d.currentStep(), "app " + d.app() + " is no longer in slipway.yaml", Deployment.State.FAILED);
            return;
        }
        while (d.step(d.currentStep()).isPresent()) {
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
            complete(d, step, outcome.detail());
            d = reload(d);
        }
        scratch.remove(d.id());
    }

    private Outcome run(Deployment d, Step step, AppConfig app) {
        DeployContext ctx = new DeployContext(d, step, app, edges, scratch.computeIfAbsent(d.id(), k -> new HashMap<>()),
                this::wake);
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

    /** Ends a deployment before its switch, or records a failed later step. */
    private void abort(Deployment d, int stepIndex, String reason, Deployment.State outcome) {
        Deployment current = reload(d);
        deployments.updateStep(d.id(), stepIndex, Step.State.FAILED, reason);
        for (Step s : current.steps()) {
            if (s.index() > stepIndex && !s.state().finished()) {
                deployments.updateStep(d.id(), s.index(), Step.State.SKIPPED, "skipped: " + stepName(current, stepIndex)
                        + " failed");
            }
        }
        deployments.moveTo(d.id(), current.steps().size());
        scratch.remove(d.id());
        deployments.event(d.id(), "step " + current.steps().get(stepIndex).name() + " failed: " + reason);
        if (current.state() != Deployment.State.RUNNING) {
            log.warn("event=late-step-failed deployment={} reason=\"{}\"", d.id(), reason);
            return;
        }
        deployments.finish(d.id(), outcome, reason);
        log.warn("event=deployment-{} deployment={} app={} version={} reason=\"{}\"", outcome.name().toLowerCase(),
                d.id(), d.app(), d.version(), reason);
        stopUnlessServing(d);
    }

    private void stopUnlessServing(Deployment d) {
        String stable = apps.find(d.app()).map(AppRepository.AppState::stableVersion).orElse(null);
        AppConfig app = config.app(d.app());
        if (app == null || d.version().equals(stable)) {
            return;
        }
        apps.versionState(d.app(), d.version(), "FAILED");
        deployments.event(d.id(), "stopping " + d.version() + "; " + (stable == null ? "no version" : stable)
                + " keeps 100 % of traffic");
        edges.processes().stop(app, d.version()).whenComplete((v, e) -> {
            if (e != null) {
                log.error("event=stop-failed app={} version={} error=\"{}\"", d.app(), d.version(), e.getMessage());
            }
        });
    }

    private static String stepName(Deployment d, int index) {
        return d.step(index).map(Step::name).orElse("?");
    }

    private boolean switched(Deployment d) {
        return d.steps().stream().anyMatch(s -> s.name().equals(Strategies.SWITCH) && s.state() == Step.State.DONE);
    }

    private Optional<Deployment> runningDeployment(String app) {
        return deployments.list(app, 20).stream().filter(d -> d.state() == Deployment.State.RUNNING).findFirst();
    }

    private void refuseWhileRunning(String app) {
        runningDeployment(app).ifPresent(d -> {
            throw new DeployException(DeployException.Kind.CONFLICT, "deployment #" + d.id() + " of " + app + " "
                    + d.version() + " is still running (step " + d.step(d.currentStep()).map(Step::name).orElse("-")
                    + "); wait for it or roll back");
        });
    }

    private AppConfig appConfig(String app) {
        AppConfig appConfig = config.app(app);
        if (appConfig == null) {
            throw new DeployException(DeployException.Kind.NOT_FOUND, "app \"" + app + "\" is not in slipway.yaml"
                    + " (apps: " + String.join(", ", config.apps().keySet()) + ")");
        }
        return appConfig;
    }

    private static void checkVersion(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new DeployException(DeployException.Kind.BAD_REQUEST, "version: \"" + version
                    + "\" is not a valid version (letters, digits, '.', '_', '+', '-'; at most 64)");
        }
    }

    private Deployment reload(Deployment d) {
        return deployments.find(d.id()).orElseThrow();
    }

    private <T> T onLoop(Callable<T> work) {
        try {
            return loop.submit(work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the orchestrator", e);
        }
    }
}
