package io.slipway.deploy;

import io.slipway.config.AppConfig;
import io.slipway.config.CanaryStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strategies are data: an ordered list of step names. The names are persisted with each
 * deployment and mapped back to their actions on every run, so a deployment resumes after a
 * restart exactly where it was.
 */
final class Strategies {
    static final String START = "start";
    static final String READY = "ready";
    static final String SWITCH = "switch";
    static final String DRAIN = "drain";
    static final String KEEP_WARM = "keep-warm";
    static final String RETIRE = "retire";

    private static final Map<String, StepAction> ACTIONS = Map.of(
            START, Steps::start,
            READY, Steps::ready,
            SWITCH, Steps::switchTraffic,
            DRAIN, Steps::drain,
            KEEP_WARM, Steps::keepWarm,
            RETIRE, Steps::retire,
            CanarySteps.SMOKE, CanarySteps::smoke,
            SchemaSteps.MIGRATE, SchemaSteps::migrate,
            SchemaSteps.SCHEMA, SchemaSteps::rollback);

    private Strategies() {
    }

    /**
     * The step names of a new deployment; a canary's come from the app's {@code canary.steps}. An app whose
     * database Slipway migrates is migrated before its candidate starts, and a rollback applies its
     * schema policy last, once the version rolled back from is stopped.
     */
    static List<String> steps(Deployment.Strategy strategy, AppConfig app) {
        List<String> steps = new ArrayList<>(plainSteps(strategy, app));
        if (SchemaSteps.migrates(app)) {
            if (strategy == Deployment.Strategy.ROLLBACK) {
                steps.add(SchemaSteps.SCHEMA);
            } else {
                steps.add(0, SchemaSteps.MIGRATE);
            }
        }
        return List.copyOf(steps);
    }

    private static List<String> plainSteps(Deployment.Strategy strategy, AppConfig app) {
        return switch (strategy) {
            case BLUE_GREEN -> List.of(START, READY, CanarySteps.SMOKE, SWITCH, DRAIN, KEEP_WARM, RETIRE);
            case CANARY -> {
                List<String> steps = new ArrayList<>(List.of(START, READY, CanarySteps.SMOKE));
                app.rollout().canary().forEach(s -> steps.add(s.label()));
                steps.addAll(List.of(SWITCH, DRAIN, KEEP_WARM, RETIRE));
                yield steps;
            }
            // The version rolled back from was bad: it is stopped once drained, not kept warm.
            case ROLLBACK -> List.of(START, READY, SWITCH, DRAIN, RETIRE);
        };
    }

    /** Whether {@code stepName} is a canary step that {@code promote} may skip. */
    static boolean promotable(String stepName) {
        return CanaryStep.parse(stepName) != null;
    }

    static StepAction action(String stepName) {
        StepAction action = ACTIONS.get(stepName);
        CanaryStep canary = action == null ? CanaryStep.parse(stepName) : null;
        if (canary != null) {
            return ctx -> CanarySteps.run(ctx, canary);
        }
        if (action == null) {
            throw new IllegalStateException("unknown deployment step \"" + stepName + "\" in the store");
        }
        return action;
    }
}
