package io.slipway.backup;

import java.util.SortedMap;

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
}
