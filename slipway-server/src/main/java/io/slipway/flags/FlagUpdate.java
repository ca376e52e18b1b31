package io.slipway.flags;

/**
 * What a write did to one flag.
 *
 * @param before the flag before, or null when created
 * @param after  the flag after, or null when deleted
 * @param change the recorded change, or null when the write changed nothing (and so wrote nothing)
 */
public record FlagUpdate(Flag before, Flag after, FlagChange change) {
    public boolean changed() {
        return change != null;
    }

    /** The flag as it is now. */
    public Flag flag() {
        return after != null ? after : before;
    }
}
