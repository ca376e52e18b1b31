package io.slipway.deploy;

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
            RETIRE, Steps::retire);

    private Strategies() {
    }

    static List<String> steps(Deployment.Strategy strategy) {
        return switch (strategy) {
            case BLUE_GREEN -> List.of(START, READY, SWITCH, DRAIN, KEEP_WARM, RETIRE);
            // The version rolled back from was bad: it is stopped once drained, not kept warm.
            case ROLLBACK -> List.of(START, READY, SWITCH, DRAIN, RETIRE);
        };
    }

    static StepAction action(String stepName) {
        StepAction action = ACTIONS.get(stepName);
        if (action == null) {
            throw new IllegalStateException("unknown deployment step \"" + stepName + "\" in the store");
        }
        return action;
    }
}
