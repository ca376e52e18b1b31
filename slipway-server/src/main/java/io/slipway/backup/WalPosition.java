package io.slipway.backup;

/**
 * How far capture has copied the WAL: the cycle (checkpoint sequence and salts of the header),
 * the last frame copied (always a commit frame, or 0) and the running checksum after it, which
 * seeds the checksum of the next frame.
 *
 * @param known false when the WAL had no header when capture looked (empty or absent file): the
 *              first header that appears then starts the cycle, whatever its salts
 */
record WalPosition(boolean known, int checkpointSeq, int salt1, int salt2, int frame, int checksum1, int checksum2) {
    /** Before any frame: the WAL was empty or absent. */
    static final WalPosition EMPTY = new WalPosition(false, 0, 0, 0, 0, 0, 0);

    /** Before the first frame of the cycle that {@code header} starts. */
    static WalPosition startOf(WalHeader header) {
        return new WalPosition(true, header.checkpointSeq(), header.salt1(), header.salt2(), 0,
                header.checksum1(), header.checksum2());
    }

    boolean sameCycle(WalHeader header) {
        return known && salt1 == header.salt1() && salt2 == header.salt2();
    }

    WalPosition at(int newFrame, int[] checksum) {
        return new WalPosition(known, checkpointSeq, salt1, salt2, newFrame, checksum[0], checksum[1]);
    }
}
