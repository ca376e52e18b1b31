package io.slipway.supervisor;

import io.slipway.config.RestartPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Counts a version's exits in a sliding window; pure, time comes from the caller. */
final class CrashLoop {
    private final RestartPolicy policy;
    private final Deque<Instant> exits = new ArrayDeque<>();

    CrashLoop(RestartPolicy policy) {
        this.policy = policy;
    }

    /** Records an exit; true when this exit makes it a crash loop. */
    boolean recordExit(Instant at) {
        exits.addLast(at);
        Instant horizon = at.minus(policy.crashLoopWindow());
        while (exits.getFirst().isBefore(horizon)) {
            exits.removeFirst();
        }
        return exits.size() >= policy.crashLoopRestarts();
    }

    String reason(String lastExit) {
        return "crash loop: " + exits.size() + " exits in " + human(policy.crashLoopWindow()) + ", last " + lastExit;
    }

    void reset() {
        exits.clear();
    }

    /** Backoff before the {@code consecutive}-th restart in a row (1-based): doubling, capped. */
    static Duration backoff(RestartPolicy policy, int consecutive) {
        Duration delay = policy.initialBackoff();
        for (int i = 1; i < consecutive && delay.compareTo(policy.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : delay;
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
