package io.slipway.migrate;

import java.util.List;

/**
 * What an operation did.
 *
 * @param plan   what it ran; {@link Plan#statements()} are the statements it executed
 * @param backup the reference the backup hook returned before the first change, or null (no hook,
 *               nothing to do, or the hook took none)
 */
public record Outcome(Plan plan, String backup) {

    /** The scripts it ran, in order. */
    public List<Migration> migrations() {
        return plan.migrations();
    }
}
