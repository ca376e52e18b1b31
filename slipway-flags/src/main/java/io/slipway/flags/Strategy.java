package io.slipway.flags;

import java.util.List;

/**
 * One way a flag can be on for a context: every constraint (its own and its segments') holds, and the
 * context falls in the first {@code rollout} percent of buckets. A flag's strategies are tried in
 * order; "admins, then power users, then 20 % of everyone" is three strategies.
 *
 * @param name        a label shown in reasons and reports, e.g. "admins"; may be null
 * @param rollout     percentage of contexts on, 0 to 100 (missing means 100)
 * @param stickiness  the context field hashed into the bucket: "default" (userId, then sessionId, then
 *                    random), "random", or any field such as "tenantId"; missing means default
 * @param groupId     hashed with the stickiness value; missing means the flag's key, so two flags at
 *                    20 % reach different users while raising one flag's rollout only adds users
 * @param constraints all must hold
 * @param segments    names of segments whose constraints must all hold too
 * @param variants    when not empty, the variants of contexts this strategy turns on (instead of the flag's)
 */
public record Strategy(String name, Integer rollout, String stickiness, String groupId,
                       List<Constraint> constraints, List<String> segments, List<Variant> variants) {
    /** @throws IllegalArgumentException when the rollout is outside 0..100 */
    public Strategy {
        rollout = rollout == null ? 100 : rollout;
        if (rollout < 0 || rollout > 100) {
            throw new IllegalArgumentException("strategy" + (name == null ? "" : " " + name) + ": rollout " + rollout
                    + " must be a percentage from 0 to 100");
        }
        stickiness = stickiness == null || stickiness.isBlank() ? "default" : stickiness;
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        segments = segments == null ? List.of() : List.copyOf(segments);
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /** On for {@code percent} % of users, by userId (default stickiness). */
    public static Strategy rollout(int percent) {
        return new Strategy(null, percent, null, null, List.of(), List.of(), List.of());
    }

    /** On for everyone in the named segments. */
    public static Strategy segments(String name, String... segments) {
        return new Strategy(name, 100, null, null, List.of(), List.of(segments), List.of());
    }

    /** This strategy with another rollout percentage. */
    public Strategy withRollout(int percent) {
        return new Strategy(name, percent, stickiness, groupId, constraints, segments, variants);
    }
}
