package io.slipway.deploy;

import io.slipway.analysis.CheckResult;
import io.slipway.analysis.Guard;
import io.slipway.analysis.Measurement;
import io.slipway.analysis.MetricException;
import io.slipway.analysis.Phase;
import io.slipway.config.AppConfig;
import io.slipway.store.DeploymentRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches each deployment's candidate from its first share of traffic until its predecessor is
 * stopped (the end of keep-warm), judging its recent traffic with the app's {@link Guard} at most
 * every {@link #EVERY}; the first breach is recorded with its evidence and returned as the reason
 * to roll back. A guard that cannot measure never rolls back: it says so once per deployment.
 */
final class RolloutGuard {
    private static final Logger log = LoggerFactory.getLogger(RolloutGuard.class);
    /** Often enough for a rollback within a second of a fault; each look is one request to the gateway. */
    static final Duration EVERY = Duration.ofMillis(200);

    private final Analyzer analyzer;
    private final DeploymentRepository deployments;
    private final Clock clock;
    private final Map<Long, Instant> nextLook = new HashMap<>();
    private final Map<Long, String> unmeasurable = new HashMap<>();

    RolloutGuard(Analyzer analyzer, DeploymentRepository deployments, Clock clock) {
        this.analyzer = analyzer;
        this.deployments = deployments;
        this.clock = clock;
    }

    /** The reason to roll {@code d} back now, if its candidate breached the guard. */
    Optional<String> check(Deployment d, AppConfig app) {
        Guard guard = app.rollout().guard();
        if (guard == null || !watched(d)) {
            forget(d.id());
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isBefore(nextLook.getOrDefault(d.id(), Instant.MIN))) {
            return Optional.empty();
        }
        nextLook.put(d.id(), now.plus(EVERY));
        Measurement traffic;
        try {
            traffic = analyzer.measureTraffic(app, d.version(), guard.window());
        } catch (MetricException e) {
            if (unmeasurable.put(d.id(), e.getMessage()) == null) {
                deployments.event(d.id(), "guard cannot measure " + d.version() + " (no rollback on that alone): "
                        + e.getMessage());
                log.warn("event=guard-unmeasurable deployment={} error=\"{}\"", d.id(), e.getMessage());
            }
            return Optional.empty();
        }
        unmeasurable.remove(d.id());
        return breach(d, guard, traffic, now);
    }

    private Optional<String> breach(Deployment d, Guard guard, Measurement traffic, Instant now) {
        List<CheckResult> results = guard.evaluate(traffic);
        Optional<CheckResult> breach = results.stream().filter(r -> r.verdict() == io.slipway.analysis.Verdict.FAIL)
                .findFirst();
        if (breach.isEmpty()) {
            return Optional.empty();
        }
        String reason = breach.get().evidence().explanation();
        deployments.analysis(d.id(), new AnalysisRecord(d.currentStep(), "guard", now, Phase.FAILED, reason, results));
        log.warn("event=guard-breach deployment={} app={} version={} reason=\"{}\"", d.id(), d.app(), d.version(),
                reason);
        forget(d.id());
        return Optional.of(reason);
    }

    void forget(long deployment) {
        nextLook.remove(deployment);
        unmeasurable.remove(deployment);
    }

    /**
     * From the first step that gave the candidate traffic (a weight, or the switch) until keep-warm
     * ends; never for a rollback (going back is the remedy, not the risk) or a first version (there
     * is nothing to go back to).
     */
    static boolean watched(Deployment d) {
        if (d.strategy() == Deployment.Strategy.ROLLBACK || d.previousVersion() == null
                || d.state() == Deployment.State.FAILED || d.state() == Deployment.State.ROLLED_BACK) {
            return false;
        }
        boolean exposed = false;
        for (Step s : d.steps()) {
            if (s.name().equals(Strategies.KEEP_WARM) && s.state().finished()) {
                return false;
            }
            exposed |= s.state() == Step.State.DONE && exposes(s.name());
        }
        return exposed;
    }

    private static boolean exposes(String stepName) {
        if (stepName.equals(Strategies.SWITCH)) {
            return true;
        }
        io.slipway.config.CanaryStep c = io.slipway.config.CanaryStep.parse(stepName);
        return c != null && c.kind() == io.slipway.config.CanaryStep.Kind.SET_WEIGHT;
    }
}
