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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.slipway.deploy.Rollouts.stepName;
import static io.slipway.deploy.Rollouts.switched;

/**
 * Takes the commands users issue about deployments (deploy, rollback, pause, resume, promote,
 * abort), refuses bad ones with the offending value, and owns the single loop thread that runs
 * them and ticks {@link Rollouts}, which advances every active deployment one step at a time. All
 * state changes happen on that thread, and every transition is written to the store before the
 * next step runs, so a Slipway killed at any point resumes from the store on restart.
 */
public final class Orchestrator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    private final SlipwayConfig config;
    private final DeploymentRepository deployments;
    private final AppRepository apps;
    private final Duration tick;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("slipway-orchestrator", true));
    private final Rollouts rollouts;

    /** An orchestrator without metric providers or smoke tests (tests of the blue-green flow). */
    public Orchestrator(SlipwayConfig config, Processes processes, Router router, AppRepository apps,
                        DeploymentRepository deployments, Clock clock, Duration tick) {
        this(config, processes, router, apps, deployments, clock, tick, Analyzers.NONE, Analyzers.NO_SMOKE);
    }

    /** An orchestrator for apps whose databases it does not migrate. */
    public Orchestrator(SlipwayConfig config, Processes processes, Router router, AppRepository apps,
                        DeploymentRepository deployments, Clock clock, Duration tick, Analyzer analyzer, Smoke smoke) {
        this(config, processes, router, apps, deployments, clock, tick, analyzer, smoke, Schema.NONE);
    }

    public Orchestrator(SlipwayConfig config, Processes processes, Router router, AppRepository apps,
                        DeploymentRepository deployments, Clock clock, Duration tick, Analyzer analyzer, Smoke smoke,
                        Schema schema) {
        this.config = config;
        this.apps = apps;
        this.deployments = deployments;
        this.tick = tick;
        DeployContext.Edges edges = new DeployContext.Edges(processes, router, new ReadinessProbe(clock, this::wake),
                apps, deployments, clock, analyzer, smoke, schema);
        this.rollouts = new Rollouts(config, edges, new RolloutGuard(analyzer, deployments, clock), this::wake);
    }

    /** Starts the loop; deployments left active by a previous run are resumed from the store. */
    public void start() {
        for (Deployment d : deployments.active()) {
            log.info("event=resume deployment={} app={} version={} step={}", d.id(), d.app(), d.version(),
                    d.step(d.currentStep()).map(Step::name).orElse("-"));
            deployments.event(d.id(), "resumed after a Slipway restart at step "
                    + d.step(d.currentStep()).map(Step::name).orElse("-"));
        }
        loop.scheduleWithFixedDelay(rollouts::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a blue-green deployment of {@code version}. */
    public Deployment deploy(String app, String version, String requestedBy) {
        return deploy(app, version, null, requestedBy);
    }

    /**
     * Starts a deployment of {@code version} with {@code strategy}, or the app's configured one when
     * null. A canary of an app's first version is deployed blue-green: there is no stable version
     * to split traffic with or compare against.
     */
    public Deployment deploy(String app, String version, Deployment.Strategy strategy, String requestedBy) {
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
            Deployment.Strategy asked = strategy != null ? strategy
                    : Deployment.Strategy.parse(appConfig.rollout().strategy());
            if (asked == Deployment.Strategy.ROLLBACK) {
                throw new DeployException(DeployException.Kind.BAD_REQUEST, "strategy: rollback is not a way to"
                        + " deploy; use slipway rollback " + app);
            }
            Deployment.Strategy used = asked == Deployment.Strategy.CANARY && stable == null
                    ? Deployment.Strategy.BLUE_GREEN : asked;
            Deployment d = deployments.create(appConfig.name(), version, stable, used, requestedBy,
                    Strategies.steps(used, appConfig));
            deployments.event(d.id(), requestedBy + " asked to deploy " + version + " (" + asked.label() + ")"
                    + (stable == null ? "; first version of " + app : "; stable is " + stable)
                    + (used != asked ? "; deployed blue-green: a canary needs a stable version beside it" : ""));
            log.info("event=deploy deployment={} app={} version={} previous={} strategy={} by={}", d.id(), app,
                    version, stable, used.label(), requestedBy);
            rollouts.advance(d);
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
                rollouts.rollBack(d, d.currentStep(), "rolled back by " + requestedBy, requestedBy,
                        Deployment.State.ROLLED_BACK);
                return latest(app, d);
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
            return rollouts.startRollback(appConfig, target, state.stableVersion(), requestedBy,
                    requestedBy + " asked to roll " + app + " back from " + state.stableVersion() + " to " + target);
        });
    }

    /** Pauses the running deployment of {@code app}: no step runs until it is resumed; the guard keeps watching. */
    public Deployment pause(String app, String requestedBy) {
        return onLoop(() -> {
            Deployment d = running(app, "pause");
            if (d.paused() != null) {
                throw new DeployException(DeployException.Kind.CONFLICT, "deployment #" + d.id() + " is already"
                        + " paused: " + d.paused());
            }
            deployments.pause(d.id(), "paused by " + requestedBy);
            deployments.event(d.id(), "paused by " + requestedBy + " at step " + stepName(d, d.currentStep()));
            return reload(d);
        });
    }

    /** Lets a paused deployment run on from its step (an inconclusive analysis starts over). */
    public Deployment resume(String app, String requestedBy) {
        return onLoop(() -> {
            Deployment d = running(app, "resume");
            if (d.paused() == null) {
                throw new DeployException(DeployException.Kind.CONFLICT, "deployment #" + d.id() + " is not paused"
                        + " (step " + stepName(d, d.currentStep()) + ")");
            }
            deployments.pause(d.id(), null);
            deployments.event(d.id(), "resumed by " + requestedBy + " at step " + stepName(d, d.currentStep()));
            rollouts.advance(reload(d));
            return reload(d);
        });
    }

    /**
     * Ends the current canary step (a pause, an analysis, a weight) as passed and goes on; with
     * {@code full}, skips every canary step left and switches 100 % of traffic to the candidate.
     */
    public Deployment promote(String app, boolean full, String requestedBy) {
        return onLoop(() -> {
            Deployment d = running(app, "promote");
            String step = stepName(d, d.currentStep());
            if (!Strategies.promotable(step)) {
                throw new DeployException(DeployException.Kind.CONFLICT, "deployment #" + d.id() + " of " + app
                        + " is at step " + step + "; promote skips canary steps (setWeight, pause, analysis, mirror,"
                        + " shadow) only");
            }
            deployments.pause(d.id(), null);
            rollouts.forgetScratch(d.id());
            int last = full ? d.steps().stream().filter(s -> s.name().equals(Strategies.SWITCH)).findFirst()
                    .map(Step::index).orElse(d.currentStep() + 1) : d.currentStep() + 1;
            for (int i = d.currentStep(); i < last; i++) {
                deployments.updateStep(d.id(), i, i == d.currentStep() ? Step.State.DONE : Step.State.SKIPPED,
                        (i == d.currentStep() ? "promoted by " : "skipped: promoted to 100 % by ") + requestedBy);
            }
            deployments.moveTo(d.id(), last);
            deployments.event(d.id(), requestedBy + (full ? " promoted " + d.version() + " to 100 %" : " promoted "
                    + d.version() + " past step " + step));
            rollouts.advance(reload(d));
            return reload(d);
        });
    }

    /** Sends a running canary's traffic back to stable (ROLLED_BACK), or stops a candidate that had none (FAILED). */
    public Deployment abort(String app, String requestedBy) {
        return onLoop(() -> {
            Deployment d = running(app, "abort");
            if (switched(d)) {
                throw new DeployException(DeployException.Kind.CONFLICT, d.version() + " already serves 100 % of "
                        + app + "; use slipway rollback " + app);
            }
            rollouts.rollBack(d, d.currentStep(), "aborted by " + requestedBy, requestedBy,
                    Deployment.State.ROLLED_BACK);
            return latest(app, d);
        });
    }

    private Deployment running(String app, String verb) {
        appConfig(app);
        return runningDeployment(app).orElseThrow(() -> new DeployException(DeployException.Kind.CONFLICT,
                "no deployment of " + app + " is running; nothing to " + verb));
    }

    /** The newest deployment of {@code app} (a rollback started for {@code d}), else {@code d} as it is now. */
    private Deployment latest(String app, Deployment d) {
        return deployments.list(app, 1).stream().findFirst().map(this::reload).orElseGet(() -> reload(d));
    }

    /** Runs one pass over the active deployments now (tests and the API use it to avoid waiting a tick). */
    public void wake() {
        try {
            loop.execute(rollouts::tick);
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
