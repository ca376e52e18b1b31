package io.slipway.bench;

import java.util.function.IntPredicate;

/**
  * What both sides of the flag-evaluation comparison evaluate: one flag rolled out to 10 % of users,
  * sticky by userId, for {@link #USERS} users whose contexts are built before measuring.
  */
final class RolloutWorkload {
    static final String FLAG = "rollout.10";
    /** A power of two, so a benchmark cycles through the users with a mask instead of a modulo. */
    static final int USERS = 1024;
    private static final int SAMPLE = 10_000;

    private RolloutWorkload() {}

    static String userId(int i) {
        return "user-" + i;
    }

    /**
      * Fails unless about 10 % of {@value #SAMPLE} users get the flag: a flag that is missing,
      * disabled or misread would otherwise be measured as a fast constant answer.
      */
    static void requireTenPercent(String side, IntPredicate enabledForUser) {
        int enabled = 0;
        for (int i = 0; i < SAMPLE; i++) {
            if (enabledForUser.test(i)) {
                enabled++;
            }
        }
        // 10 % of 10 000 is 1000; a fair hash lands within ±100 (over 3 standard deviations).
        if (enabled < 900 || enabled > 1100) {
            throw new IllegalStateException(side + ": " + FLAG + " is enabled for " + enabled + " of "
                    + SAMPLE + " users, expected about 1000 (10 %)");
        }
    }
}
