package io.slipway.flags;

/**
 * Who changes flags and why, recorded with every change: a person through the API or CLI, or Slipway
 * itself (a schedule, a guard, the flags file).
 *
 * @param who    e.g. "alice", "api", "schedule"
 * @param reason why, or null
 */
public record Actor(String who, String reason) {
    /** @throws IllegalArgumentException when {@code who} is blank */
    public Actor {
        if (who == null || who.isBlank()) {
            throw new InvalidFlagException("who", who == null ? null : "", "must name who makes the change");
        }
        reason = reason == null || reason.isBlank() ? null : reason;
    }

    /** A change without a stated reason. */
    public static Actor of(String who) {
        return new Actor(who, null);
    }
}
