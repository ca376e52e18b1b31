package io.slipway.backup;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Whole transactions read from the WAL after a position: the newest content of each page they
 * wrote (earlier versions within the same capture are never restorable on their own, so they
 * are not kept), the database size in pages after the last commit, and the position after it.
 *
 * @param firstFrame the first WAL frame read (1-based); greater than {@code lastFrame} when there was nothing new
 */
record WalDelta(SortedMap<Integer, byte[]> pages, int dbSizePages, int pageSize, int firstFrame, int lastFrame,
                WalPosition end) {

    boolean isEmpty() {
        return lastFrame < firstFrame;
    }

    /**
     * This delta followed by {@code next}, read from the same WAL cycle right after it: one segment
     * instead of two, each page at its newest version.
     */
    WalDelta then(WalDelta next) {
        if (isEmpty()) {
            return next;
        }
        if (next.isEmpty()) {
            return this;
        }
        if (next.firstFrame != lastFrame + 1 || next.end.salt1() != end.salt1() || next.end.salt2() != end.salt2()) {
            throw new IllegalArgumentException("WAL frames " + next.firstFrame + "-" + next.lastFrame
                    + " do not follow frames " + firstFrame + "-" + lastFrame + " in the same cycle");
        }
        SortedMap<Integer, byte[]> all = new TreeMap<>(pages);
        all.putAll(next.pages);
        return new WalDelta(all, next.dbSizePages, pageSize, firstFrame, next.lastFrame, next.end);
    }
}
