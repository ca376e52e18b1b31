package io.slipway.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One deployment as recorded: who asked for which version, the steps it went through with their
 * timings, its events (every decision with its evidence) and its outcome; {@code schema} is what its
 * {@code migrate} step (or a rollback's {@code schema} step) did to the app's database, or null.
 */
public record Deployment(
        long id,
        String app,
        String version,
        String previousVersion,
        Strategy strategy,
        State state,
        String reason,
        String requestedBy,
        Instant createdAt,
        Instant finishedAt,
        int currentStep,
        List<Step> steps,
        List<DeploymentEvent> events,
        String paused,
        List<AnalysisRecord> analyses,
        SchemaChange schema) {

    public Deployment {
        steps = List.copyOf(steps);
        events = List.copyOf(events);
        analyses = List.copyOf(analyses);
    }

    /** What a deployment does. */
    public enum Strategy {
        BLUE_GREEN("blue-green"), CANARY("canary"), ROLLBACK("rollback");

        private final String label;

        Strategy(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Strategy parse(String text) {
            for (Strategy s : values()) {
                if (s.label.equals(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("strategy: \"" + text + "\" is not one of blue-green, canary, rollback");
        }
    }

    /**
     * RUNNING until traffic is on the new version (or the attempt ended); SUCCEEDED once it is,
     * even while the previous version is still kept warm; FAILED when the candidate never took
     * traffic; ROLLED_BACK when traffic went back to the previous version afterwards.
     */
    public enum State {
        RUNNING, SUCCEEDED, FAILED, ROLLED_BACK;

        public boolean finished() {
            return this != RUNNING;
        }
    }

    public Optional<Step> step(int index) {
        return index < steps.size() ? Optional.of(steps.get(index)) : Optional.empty();
    }

    /** True while some step (e.g. retiring the previous version) is still to run. */
    public boolean hasPendingSteps() {
        return steps.stream().anyMatch(s -> !s.state().finished());
    }

    public Optional<Duration> duration() {
        return finishedAt == null ? Optional.empty() : Optional.of(Duration.between(createdAt, finishedAt));
    }
}
