package io.slipway.backup;

import java.time.Instant;

/**
 * The instants a replica directory can restore: from its oldest snapshot to its newest capture.
 * A target after {@code latest} restores the state as of {@code latest}.
 */
public record RestoreWindow(Instant earliest, Instant latest) {
    public boolean contains(Instant t) {
        return !t.isBefore(earliest) && !t.isAfter(latest);
    }
}
