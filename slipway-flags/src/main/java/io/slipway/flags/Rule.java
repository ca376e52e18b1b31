package io.slipway.flags;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link Strategy} compiled for evaluation, its segments' constraints folded in. */
final class Rule {
    final String label;
    final VariantPicker variants;
    private final Condition[] conditions;
    private final int rollout;
    private final Stickiness stickiness;
    private final Murmur3.Prefix prefix;

    Rule(Strategy s, int index, String flagKey, Map<String, Segment> segments) {
        this.label = s.name() != null ? s.name() : "#" + (index + 1);
        List<Constraint> all = new ArrayList<>();
        boolean segmentsKnown = true;
        for (String name : s.segments()) {
            Segment segment = segments.get(name);
            segmentsKnown &= segment != null;
            if (segment != null) {
                all.addAll(segment.constraints());
            }
        }
        all.addAll(s.constraints());
        this.conditions = Condition.all(all);
        this.rollout = segmentsKnown ? s.rollout() : 0;
        this.stickiness = Stickiness.forRollout(s.stickiness());
        String groupId = s.groupId() != null ? s.groupId() : flagKey;
        this.prefix = Bucket.prefix(groupId, 0);
        this.variants = VariantPicker.of(s.variants(), groupId, s.stickiness());
    }

    boolean matches(FlagContext context, Clock clock) {
        for (Condition c : conditions) {
            if (!c.test(context, clock)) {
                return false;
            }
        }
        if (rollout == 0) {
            return false;
        }
        int bucket = stickiness.bucket(context, prefix, 100);
        return bucket != 0 && bucket <= rollout;
    }
}
