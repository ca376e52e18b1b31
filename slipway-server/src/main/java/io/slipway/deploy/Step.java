package io.slipway.deploy;

import java.time.Duration;
import java.time.Instant;

/** A step of a deployment as recorded, with its timing and the detail of what it did or saw. */
public record Step(int index, String name, State state, Instant startedAt, Instant finishedAt, String detail) {

    /** Lifecycle of a step. */
    public enum State {
        PENDING, RUNNING, DONE, FAILED, SKIPPED;

        public boolean finished() {
            return this == DONE || this == FAILED || this == SKIPPED;
        }
    }

    public Duration duration() {
        if (startedAt == null || finishedAt == null) {
            return null;
        }
        return Duration.between(startedAt, finishedAt);
    }
}
